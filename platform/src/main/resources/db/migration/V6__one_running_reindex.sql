-- At most one reindex runs at a time: two concurrent alias swaps could leave the alias on two indices.
CREATE UNIQUE INDEX reindex_jobs_one_running ON reindex_jobs ((true)) WHERE status = 'RUNNING';
