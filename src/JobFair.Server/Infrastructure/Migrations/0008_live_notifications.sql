-- 0008: stored notifications; outbox rows remember when they were published, so that with the
-- in-memory bus a row counts as sent only once every local consumer has processed it.

ALTER TABLE outbox_messages ADD published_at timestamp with time zone;

CREATE TABLE notifications (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind character varying(40) NOT NULL,
    title character varying(200) NOT NULL,
    body character varying(2000) NOT NULL,
    link character varying(300),
    created_at timestamp with time zone NOT NULL,
    read_at timestamp with time zone,
    CONSTRAINT pk_notifications PRIMARY KEY (id),
    CONSTRAINT fk_notifications_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_notifications_user_id_created_at ON notifications (user_id, created_at);
CREATE INDEX ix_notifications_unread ON notifications (user_id, created_at) WHERE read_at IS NULL;
