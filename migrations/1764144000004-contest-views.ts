import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read views of contests, one set of tables per projection (docs/DESIGN.md invariant 8):
 * contest list, contest detail, standings, entry detail, entry comments. Each is shaped for
 * its one page and indexed for its one query.
 */
export class ContestViews1764144000004 implements MigrationInterface {
  name = 'ContestViews1764144000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE view_contest_list (
        contest_id            uuid        PRIMARY KEY,
        title                 text        NOT NULL,
        category              text        NOT NULL,
        submissions_close_at  timestamptz NOT NULL,
        voting_closes_at      timestamptz NOT NULL,
        closed_at             timestamptz,
        created_at            timestamptz NOT NULL,
        entry_count           integer     NOT NULL DEFAULT 0,
        vote_count            integer     NOT NULL DEFAULT 0,
        leader                jsonb,
        last_position         bigint      NOT NULL
      )`);
    // Newest first, with the id as a tie-breaker for stable cursors.
    await q.query(
      `CREATE INDEX view_contest_list_page ON view_contest_list (created_at DESC, contest_id DESC)`,
    );
    await q.query(
      `CREATE INDEX view_contest_list_category ON view_contest_list (category, created_at DESC, contest_id DESC)`,
    );

    await q.query(`
      CREATE TABLE view_contest_detail (
        contest_id            uuid        PRIMARY KEY,
        title                 text        NOT NULL,
        description           text        NOT NULL,
        category              text        NOT NULL,
        owner_id              uuid        NOT NULL,
        owner_name            text        NOT NULL,
        submissions_close_at  timestamptz NOT NULL,
        voting_opens_at       timestamptz NOT NULL,
        voting_closes_at      timestamptz NOT NULL,
        closed_at             timestamptz,
        created_at            timestamptz NOT NULL,
        entry_count           integer     NOT NULL DEFAULT 0,
        vote_count            integer     NOT NULL DEFAULT 0,
        comment_count         integer     NOT NULL DEFAULT 0,
        view_count            integer     NOT NULL DEFAULT 0,
        ruleset               jsonb       NOT NULL,
        last_position         bigint      NOT NULL
      )`);

    await q.query(`
      CREATE TABLE view_standings (
        contest_id     uuid             NOT NULL,
        entry_id       uuid             NOT NULL,
        rank           integer          NOT NULL,
        score          double precision NOT NULL,
        title          text             NOT NULL,
        author_id      uuid             NOT NULL,
        author_name    text             NOT NULL,
        upvotes        integer          NOT NULL,
        downvotes      integer          NOT NULL,
        comments       integer          NOT NULL,
        views          integer          NOT NULL,
        watch_seconds  double precision NOT NULL,
        PRIMARY KEY (contest_id, entry_id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX view_standings_rank ON view_standings (contest_id, rank) INCLUDE (entry_id)`,
    );
    await q.query(`
      CREATE TABLE view_standings_contests (
        contest_id     uuid        PRIMARY KEY,
        ruleset        jsonb       NOT NULL,
        as_of          timestamptz,
        final          boolean     NOT NULL DEFAULT false,
        last_position  bigint      NOT NULL
      )`);

    await q.query(`
      CREATE TABLE view_entry_detail (
        entry_id         uuid             PRIMARY KEY,
        contest_id       uuid             NOT NULL,
        title            text             NOT NULL,
        video_url        text             NOT NULL,
        description      text             NOT NULL,
        author_id        uuid             NOT NULL,
        author_name      text             NOT NULL,
        status           text             NOT NULL,
        submitted_at     timestamptz      NOT NULL,
        upvotes          integer          NOT NULL DEFAULT 0,
        downvotes        integer          NOT NULL DEFAULT 0,
        comments         integer          NOT NULL DEFAULT 0,
        views            integer          NOT NULL DEFAULT 0,
        watch_seconds    double precision NOT NULL DEFAULT 0,
        score            double precision,
        rank             integer,
        last_position    bigint           NOT NULL
      )`);
    await q.query(`CREATE INDEX view_entry_detail_contest ON view_entry_detail (contest_id)`);
    // The entry detail page's recent comments, kept by the entry detail projection itself.
    await q.query(`
      CREATE TABLE view_entry_detail_comments (
        comment_id   uuid        PRIMARY KEY,
        entry_id     uuid        NOT NULL,
        author_id    uuid        NOT NULL,
        author_name  text        NOT NULL,
        body         text        NOT NULL,
        created_at   timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX view_entry_detail_comments_recent ON view_entry_detail_comments (entry_id, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE view_entry_comments (
        comment_id   uuid        PRIMARY KEY,
        entry_id     uuid        NOT NULL,
        author_id    uuid        NOT NULL,
        author_name  text        NOT NULL,
        body         text        NOT NULL,
        created_at   timestamptz NOT NULL,
        position     bigint      NOT NULL
      )`);
    // Newest first; comment ids are time-ordered v7 UUIDs and break ties.
    await q.query(
      `CREATE INDEX view_entry_comments_page ON view_entry_comments (entry_id, created_at DESC, comment_id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'view_entry_comments',
      'view_entry_detail_comments',
      'view_entry_detail',
      'view_standings_contests',
      'view_standings',
      'view_contest_detail',
      'view_contest_list',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
