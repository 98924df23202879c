import { Client } from 'pg';

/**
 * Writes a large contest history straight into the command log with set-based SQL: the rows
 * the command path would have written (payloads, events, metadata), without deciding them one
 * by one. Every command is valid, so replays and rebuilds do real work on every row.
 */
export async function writeBulkHistory(
  client: Client,
  sizes: {
    voters: number;
    entries: number;
    votesPerVoter: number;
    viewsPerVote: number;
    comments: number;
  },
): Promise<{ contestId: string; commands: number }> {
  const contestId = '01a00000-0000-7000-8000-00000000c0de';
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const meta = `'{"stage":"decider","actorRoles":["user"],"correlationId":"bulk"}'::jsonb`;
  const uid = (expr: string) =>
    `('01a00000-0000-7000-9000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
  const eid = (expr: string) =>
    `('01a00000-0000-7000-a000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
  await client.query(`ALTER TABLE command_log DISABLE TRIGGER command_log_append_only`);
  // Registrations of the voters (also the entry authors).
  await client.query(
    `INSERT INTO command_log (command_id, type, actor_id, stream_key, payload, metadata, received_at, status, http_status, events)
     SELECT gen_random_uuid(), 'RegisterUser', NULL, 'username:u' || i,
            jsonb_build_object('userId', ${uid('i')}, 'username', 'u' || i), ${meta},
            to_timestamp(${t0 / 1000}) + i * interval '1 ms', 'accepted', 201,
            jsonb_build_array(jsonb_build_object('type', 'UserRegistered', 'userId', ${uid('i')}, 'username', 'u' || i,
              'email', 'u' || i || '@bulk.invalid', 'displayName', 'U' || i, 'roles', '["user"]'::jsonb,
              'registeredAt', to_char((to_timestamp(${t0 / 1000}) + i * interval '1 ms') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
     FROM generate_series(1, $1) AS i`,
    [sizes.voters],
  );
  const created = new Date(t0 + 3_600_000);
  const ruleset = `{"rulesetId":"standard-v1","name":"standard-v1","hash":"bulk","acceptance":{"allowDownvotes":true,"allowSelfVotes":false,"minAccountAgeHoursToVote":0,"maxVotesPerUserPerContest":null,"maxEntriesPerUserPerContest":1},"scoring":{}}`;
  await client.query(
    `INSERT INTO command_log (command_id, type, actor_id, stream_key, payload, metadata, received_at, status, http_status, events)
     VALUES (gen_random_uuid(), 'CreateContest', ${uid('1')}::text, $1,
       jsonb_build_object('contestId', $2::text, 'title', 'Bulk cup', 'description', '', 'category', 'bench',
         'submissionsCloseAt', $3::text, 'votingClosesAt', $4::text, 'rulesetId', 'standard-v1'),
       ${meta}, $5, 'accepted', 201,
       jsonb_build_array(jsonb_build_object('type', 'ContestCreated', 'contestId', $2::text, 'ownerId', ${uid('1')},
         'ownerName', 'U1', 'title', 'Bulk cup', 'description', '', 'category', 'bench', 'submissionsCloseAt', $3::text,
         'votingOpensAt', $6::text, 'votingClosesAt', $4::text, 'rulesetId', 'standard-v1',
         'acceptance', ($7::jsonb)->'acceptance', 'ruleset', $7::jsonb, 'createdAt', $6::text)))`,
    [
      `contest:${contestId}`,
      contestId,
      new Date(t0 + 2 * 3_600_000).toISOString(),
      new Date(t0 + 400 * 86_400_000).toISOString(),
      created,
      created.toISOString(),
      ruleset,
    ],
  );
  const at = (offsetMs: string) =>
    `to_timestamp(${(t0 + 3 * 3_600_000) / 1000}) + (${offsetMs}) * interval '1 ms'`;
  const iso = (expr: string) =>
    `to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  await client.query(
    `INSERT INTO command_log (command_id, type, actor_id, stream_key, payload, metadata, received_at, status, http_status, events)
     SELECT gen_random_uuid(), 'SubmitEntry', ${uid('e')}::text, $1,
            jsonb_build_object('entryId', ${eid('e')}, 'contestId', $2::text, 'title', 'Take ' || e, 'videoUrl', 'https://v.bulk.invalid/' || e, 'description', ''),
            ${meta}, to_timestamp(${(t0 + 90 * 60_000) / 1000}) + e * interval '1 ms', 'accepted', 201,
            jsonb_build_array(jsonb_build_object('type', 'EntrySubmitted', 'entryId', ${eid('e')}, 'contestId', $2::text, 'authorId', ${uid('e')},
              'authorName', 'U' || e, 'title', 'Take ' || e, 'videoUrl', 'https://v.bulk.invalid/' || e, 'description', '',
              'submittedAt', ${iso(`to_timestamp(${(t0 + 90 * 60_000) / 1000}) + e * interval '1 ms'`)}))
     FROM generate_series(1, $3) AS e`,
    [`contest:${contestId}`, contestId, sizes.entries],
  );
  // Votes: voter v votes entries (v + k·7) mod E, distinct; authors never vote their own.
  const voteEntry = `(((v + k * 7) % ${sizes.entries}) + 1)`;
  await client.query(
    `INSERT INTO command_log (command_id, type, actor_id, stream_key, payload, metadata, received_at, status, http_status, events)
     SELECT gen_random_uuid(), 'CastVote', ${uid('v')}::text, $1,
            jsonb_build_object('entryId', ${eid(voteEntry)}, 'value', 1), ${meta}, ${at('n')}, 'accepted', 200,
            jsonb_build_array(jsonb_build_object('type', 'VoteCast', 'entryId', ${eid(voteEntry)}, 'contestId', $2::text,
              'voterId', ${uid('v')}, 'value', 1, 'previousValue', NULL, 'castAt', ${iso(at('n'))},
              'voterRegisteredAt', ${iso(`to_timestamp(${t0 / 1000}) + v * interval '1 ms'`)}))
     FROM (SELECT v, k, row_number() OVER () * 10 AS n FROM generate_series(${sizes.entries + 1}, $3) AS v, generate_series(0, $4 - 1) AS k) s`,
    [`contest:${contestId}`, contestId, sizes.voters, sizes.votesPerVoter],
  );
  const viewRows = (sizes.voters - sizes.entries) * sizes.votesPerVoter * sizes.viewsPerVote;
  await client.query(
    `INSERT INTO command_log (command_id, type, actor_id, stream_key, payload, metadata, received_at, status, http_status, events)
     SELECT gen_random_uuid(), 'RecordView', NULL, $1,
            jsonb_build_object('entryId', ${eid(`(i % ${sizes.entries}) + 1`)}, 'viewerKey', 'anon:b' || (i % 5000), 'watchedSeconds', (i % 120) + 1),
            ${meta}, ${at('i * 10 + 5')}, 'accepted', 202,
            jsonb_build_array(jsonb_build_object('type', 'ViewRecorded', 'entryId', ${eid(`(i % ${sizes.entries}) + 1`)}, 'contestId', $2::text,
              'viewerKey', 'anon:b' || (i % 5000), 'watchedSeconds', (i % 120) + 1, 'viewedAt', ${iso(at('i * 10 + 5'))}))
     FROM generate_series(1, $3) AS i`,
    [`contest:${contestId}`, contestId, viewRows],
  );
  await client.query(
    `INSERT INTO command_log (command_id, type, actor_id, stream_key, payload, metadata, received_at, status, http_status, events)
     SELECT gen_random_uuid(), 'AddComment', ${uid(`(i % ${sizes.voters}) + 1`)}::text, $1,
            jsonb_build_object('commentId', cid, 'entryId', ${eid(`(i % ${sizes.entries}) + 1`)}, 'body', 'Nice'),
            ${meta}, ${at('i * 10 + 7')}, 'accepted', 201,
            jsonb_build_array(jsonb_build_object('type', 'CommentAdded', 'commentId', cid, 'entryId', ${eid(`(i % ${sizes.entries}) + 1`)},
              'contestId', $2::text, 'authorId', ${uid(`(i % ${sizes.voters}) + 1`)}, 'authorName', 'U', 'body', 'Nice',
              'createdAt', ${iso(at('i * 10 + 7'))}))
     FROM (SELECT i, gen_random_uuid() AS cid FROM generate_series(1, $3) AS i) c`,
    [`contest:${contestId}`, contestId, sizes.comments],
  );
  await client.query(`ALTER TABLE command_log ENABLE TRIGGER command_log_append_only`);
  await client.query(`ANALYZE command_log`);
  const { rows } = await client.query(
    `SELECT count(*)::int AS n FROM command_log WHERE stream_key = $1`,
    [`contest:${contestId}`],
  );
  return { contestId, commands: rows[0].n };
}
