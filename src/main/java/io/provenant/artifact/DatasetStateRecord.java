package io.provenant.artifact;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A dataset version's membership count and seal, as read. */
@Entity
@Immutable
@Table(name = "dataset_state")
public class DatasetStateRecord extends PanacheEntityBase {

    @Id
    @Column(name = "artifact_id")
    public long artifactId;

    @Column(name = "member_count")
    public long memberCount;

    @Column(name = "sealed_at")
    public OffsetDateTime sealedAt;

    @Column(name = "content_digest")
    public String contentDigest;
}
