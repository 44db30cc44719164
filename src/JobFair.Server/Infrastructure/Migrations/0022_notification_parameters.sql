-- 0022: what a notification's text was made from (issue 16), so that the pages and the API write a
-- push or a reminder in the reader's language; the stored title and body stay the Chinese text.

ALTER TABLE notifications ADD parameters jsonb;
