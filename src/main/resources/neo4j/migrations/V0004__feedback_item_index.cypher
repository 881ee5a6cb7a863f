// conflicts(...) finds the labels of one item (same normalized prompt, same response) under a rubric version.
CREATE INDEX feedback_item IF NOT EXISTS FOR (f:Feedback) ON (f.promptDigest, f.responseDigest);
