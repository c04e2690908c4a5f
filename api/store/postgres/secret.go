package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// Secret returns the named server secret, creating it with gen on first
// use; gen's error is returned as is. Replicas that start together may
// each run gen, but only the first value inserted is kept, and every one
// of them returns it: the insert does nothing on a conflict, and the
// SELECT after it is a new statement, so it sees the winner's row.
func (s *Store) Secret(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error) {
	const op = "secret"
	lookup := func() ([]byte, error) {
		var b []byte
		err := s.pool.QueryRow(ctx, "SELECT value FROM secrets WHERE name = $1", name).Scan(&b)
		return b, err
	}
	b, err := lookup()
	if !errors.Is(err, pgx.ErrNoRows) {
		return b, wrap(op, err)
	}
	b, err = gen()
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, wrap(op, errors.New("generator returned no bytes"))
	}
	if _, err := exec(ctx, s, op, "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING", name, b); err != nil {
		return nil, err
	}
	b, err = lookup()
	return b, wrap(op, err)
}

// ListSecrets returns every server secret by name.
func (s *Store) ListSecrets(ctx context.Context) (map[string][]byte, error) {
	out := map[string][]byte{}
	rows, _ := s.pool.Query(ctx, "SELECT name, value FROM secrets")
	var (
		name  string
		value []byte
	)
	_, err := pgx.ForEachRow(rows, []any{&name, &value}, func() error {
		out[name] = value
		return nil
	})
	if err != nil {
		return nil, wrap("list secrets", err)
	}
	return out, nil
}
