// Every artifact node carries :Artifact plus its kind's label (:Rubric, :TrainingRun, ...); ref is its identity.
CREATE CONSTRAINT artifact_ref IF NOT EXISTS FOR (a:Artifact) REQUIRE a.ref IS UNIQUE;
CREATE INDEX artifact_kind_key IF NOT EXISTS FOR (a:Artifact) ON (a.kind, a.key);
CREATE INDEX artifact_project IF NOT EXISTS FOR (a:Artifact) ON (a.project);
CREATE INDEX artifact_registered_at IF NOT EXISTS FOR (a:Artifact) ON (a.registeredAt);
CREATE INDEX artifact_seq IF NOT EXISTS FOR (a:Artifact) ON (a.seq);
// Contamination checks match prompts across datasets by digest.
CREATE INDEX feedback_prompt_digest IF NOT EXISTS FOR (f:Feedback) ON (f.promptDigest);
CREATE CONSTRAINT neo4j_migration_version IF NOT EXISTS FOR (m:__Neo4jMigration) REQUIRE m.version IS UNIQUE;
