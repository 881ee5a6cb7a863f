// reviewQueue(queue: …) finds a queue's feedback by the routing recorded on it.
CREATE INDEX feedback_triage_queue IF NOT EXISTS FOR (f:Feedback) ON (f.queue);
