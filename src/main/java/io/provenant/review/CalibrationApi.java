package io.provenant.review;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.provenant.api.ProvenantError;
import io.provenant.artifact.Artifact;
import io.provenant.artifact.ArtifactCatalog;
import io.provenant.artifact.ArtifactRef;
import io.provenant.artifact.CalibrationInput;
import io.provenant.artifact.Kind;
import io.provenant.artifact.RegistrationPayloads;
import io.provenant.security.Guarded;

/** Reviewer calibration scores, computed from the registered gold labels. */
@GraphQLApi
@Guarded
public class CalibrationApi {

    @Inject
    ArtifactCatalog catalog;

    @Inject
    RegistrationPayloads payloads;

    @Query
    @Description("A calibration run's scores: per reviewer agreement and Cohen's kappa with gold and pass/fail; Fleiss' kappa"
            + " and Krippendorff's alpha across reviewers.")
    public CalibrationScores calibrationScores(@NonNull String calibration) {
        ArtifactRef ref = ArtifactRef.parse("calibration", calibration, Kind.CALIBRATION);
        Artifact artifact = catalog.find(ref).orElseThrow(() -> ProvenantError.notFound("calibration", ref.toString()));
        return CalibrationScores.of((CalibrationInput) payloads.read(Kind.CALIBRATION, artifact.payload()));
    }
}
