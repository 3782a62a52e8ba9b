-- 025: a team's QA reviews of a period, found per person and date.
-- The team KPI view reads the scores of its people's submitted reviews in
-- the period; through qa_reviews_submitted that read every review of the
-- period, all teams', and each reviewer's row to test the team. With this
-- index each person's reviews of the period are one range: on the million
-- cases, a month of one team's reviews went from 0.65 to 0.25 ms
-- (docs/PERFORMANCE.md).
CREATE INDEX qa_reviews_agent_submitted ON qa_reviews(agent_id, submitted_at);
