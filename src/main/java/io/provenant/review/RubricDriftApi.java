package io.provenant.review;

import java.time.OffsetDateTime;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import io.provenant.security.Guarded;

/** Rubric drift: whether policy, rubric and dataset versions moved together. */
@GraphQLApi
@Guarded
public class RubricDriftApi {

    @Inject
    RubricDriftAnalysis analysis;

    @Query
    @Description("For a dataset, or the training datasets behind a release (exactly one of the two), as of asOf: the rubric"
            + " and policy versions its labels were made under, the label distribution per version, Jensen–Shannon and"
            + " chi-square between consecutive versions of a rubric, and warnings (MIXES_RUBRIC_VERSIONS,"
            + " MIXES_POLICY_VERSIONS, STALE_RUBRIC, RUBRIC_POLICY_OUT_OF_STEP).")
    public @NonNull RubricDrift rubricDrift(String dataset, String release, OffsetDateTime asOf) {
        return analysis.answer(dataset, release, asOf);
    }
}
