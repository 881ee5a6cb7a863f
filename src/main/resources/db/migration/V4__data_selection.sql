-- Data selection and adjudication (issue 6).
--
-- artifact.prompt_digest: the normalized prompt digest (Digests.promptDigest: NFKC, lower case, white space
-- collapsed, sha256) of a feedback event, and for an adjudication that of the labels it resolves (one item).
-- Sealing a dataset compares its members with the datasets it must be disjoint from by this column.
ALTER TABLE artifact ADD COLUMN prompt_digest CHAR(64);
CREATE INDEX artifact_prompt_digest ON artifact (prompt_digest) WHERE prompt_digest IS NOT NULL;

-- Which adjudication resolves which feedback label: written with the adjudication's artifact row. A dataset
-- takes final labels only, so a resolved label is refused as a member (add the adjudication instead).
CREATE TABLE adjudicated_label (
    feedback_ref     TEXT NOT NULL,
    adjudication_ref TEXT NOT NULL,
    PRIMARY KEY (feedback_ref, adjudication_ref)
);
CREATE INDEX adjudicated_label_adjudication ON adjudicated_label (adjudication_ref);

-- The normalized prompts a sealed dataset shares with each dataset it declared itself disjoint from
-- (DatasetInput.disjointFrom), found when it was sealed: one row per counterpart, 0 when disjoint.
-- examples: the dataset's overlapping members, at most 20, in ref order.
CREATE TABLE dataset_overlap (
    dataset_id      BIGINT NOT NULL REFERENCES artifact (id),
    counterpart_ref TEXT   NOT NULL,
    prompts         BIGINT NOT NULL,
    examples        TEXT[] NOT NULL,
    PRIMARY KEY (dataset_id, counterpart_ref)
);

-- Artifacts registered before this migration. adjudicated_label is exact (from the journal payloads). The
-- prompt digest is recomputed in SQL; it equals Digests.promptDigest for prompts whose lower case PostgreSQL
-- computes like Java does (ASCII under any locale, all of Unicode under a UTF-8 ctype) and whose white space
-- is ASCII after NFKC.
INSERT INTO adjudicated_label (feedback_ref, adjudication_ref)
SELECT DISTINCT r.feedback_ref, a.ref
FROM artifact a JOIN journal j ON j.seq = a.id,
     jsonb_array_elements_text(j.payload::jsonb -> 'resolves') AS r(feedback_ref)
WHERE a.kind = 'adjudication';

UPDATE artifact a
SET prompt_digest = encode(sha256(convert_to(
        btrim(regexp_replace(lower(normalize(j.payload::jsonb ->> 'prompt', NFKC)), '[ \t\n\r\f\v]+', ' ', 'g'), ' '),
        'UTF8')), 'hex')
FROM journal j
WHERE j.seq = a.id AND a.kind = 'feedback';

UPDATE artifact a
SET prompt_digest = (SELECT min(f.prompt_digest) FROM adjudicated_label l JOIN artifact f ON f.ref = l.feedback_ref
                     WHERE l.adjudication_ref = a.ref)
WHERE a.kind = 'adjudication';
