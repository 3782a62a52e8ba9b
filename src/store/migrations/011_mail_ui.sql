-- 011: survey invitations go out through the outbound queue (docs/MAIL.md):
-- an outbox row may carry an invitation, whose mail state follows it.
ALTER TABLE mail_outbox ADD COLUMN invitation_id BIGINT REFERENCES survey_invitations(id);
CREATE INDEX mail_outbox_invitation ON mail_outbox(invitation_id);
