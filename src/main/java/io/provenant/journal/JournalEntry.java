package io.provenant.journal;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A journal row as read (rows are written in JDBC batches by {@link Journal}, never updated). */
@Entity
@Immutable
@Table(name = "journal")
public class JournalEntry extends PanacheEntityBase {

    @Id
    public long seq;

    @Column(name = "recorded_at")
    public OffsetDateTime recordedAt;

    public String actor;

    public String project;

    public String operation;

    public String ref;

    public String payload;

    @Column(name = "payload_digest")
    public String payloadDigest;

    @Column(name = "prev_hash")
    public String prevHash;

    @Column(name = "entry_hash")
    public String entryHash;
}
