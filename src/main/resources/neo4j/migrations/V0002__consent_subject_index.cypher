// impact(consentSubject: …) finds a data subject's feedback by this property.
CREATE INDEX feedback_consent_subject IF NOT EXISTS FOR (f:Feedback) ON (f.consentSubject);
