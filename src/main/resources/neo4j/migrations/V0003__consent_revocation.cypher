// One (:ConsentRevocation {subject}) per data subject whose consent was revoked; matched to feedback by
// Feedback.consentSubject (indexed in V0002).
CREATE CONSTRAINT consent_revocation_subject IF NOT EXISTS FOR (r:ConsentRevocation) REQUIRE r.subject IS UNIQUE;
