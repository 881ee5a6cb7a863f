package io.provenant.artifact;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.provenant.journal.JournalEntry;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An artifact row as read; its id is the seq of the journal entry that registered it (whose payload it has). */
@Entity
@Immutable
@Table(name = "artifact")
public class ArtifactRecord extends PanacheEntityBase {

    @Id
    public long id;

    public String ref;

    public String kind;

    public String key;

    public String version;

    public String project;

    public String digest;

    @Column(name = "registered_at")
    public OffsetDateTime registeredAt;

    @Column(name = "registered_by")
    public String registeredBy;

    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "id", insertable = false, updatable = false)
    public JournalEntry entry;

    @OneToOne(fetch = FetchType.LAZY)
    @PrimaryKeyJoinColumn
    public DatasetStateRecord dataset;
}
