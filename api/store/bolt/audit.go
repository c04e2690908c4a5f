package bolt

import (
	"bytes"
	"context"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// audit keys are pair(accountID, ""), the time (appendTime), then the
// event ID: an account's events are one key range, oldest first.
// audit_by_time holds auditTimeKey for every event, so a sweep reads only
// the events it removes. audit_by_org maps orgAuditKey to the event's key
// for every event of an organization: its log is one key range too.
var audit = table[store.AuditEvent]{
	bucket:  bucketAudit,
	key:     auditKey,
	reindex: reindexAll(keyIndex(bucketAuditByTime, auditTimeKey), orgAuditIndex),
}

// orgAuditScan bounds the index entries one ListOrgAudit call reads, so a
// rare filter over a long log answers a page at a time, not all at once.
var orgAuditScan = 5000

// orgAuditKey is pair(orgID, ""), the time (appendTime), then the event
// ID: the order of ListOrgAudit, also PostgreSQL's.
func orgAuditKey(orgID string, c store.AuditCursor) []byte {
	return append(appendTime([]byte(pair(orgID, "")), c.Time), c.ID...)
}

func orgAuditIndex(tx *bbolt.Tx, old, new *store.AuditEvent) error {
	idx := tx.Bucket(bucketAuditByOrg)
	if old != nil && old.OrgID != "" {
		if err := idx.Delete(orgAuditKey(old.OrgID, cursorOf(*old))); err != nil {
			return err
		}
	}
	if new == nil || new.OrgID == "" {
		return nil
	}
	return idx.Put(orgAuditKey(new.OrgID, cursorOf(*new)), []byte(auditKey(*new)))
}

func cursorOf(e store.AuditEvent) store.AuditCursor {
	return store.AuditCursor{Time: e.Time, ID: e.ID}
}

func auditKey(e store.AuditEvent) string {
	return string(append(appendTime([]byte(pair(e.AccountID, "")), e.Time), e.ID...))
}

// auditTimeKey is the Time (appendTime) then the event's key.
func auditTimeKey(e store.AuditEvent) []byte { return timeKey(e.Time, auditKey(e)) }

// AppendAudit records e; ErrAlreadyExists when an event of the same account
// with the same Time and ID is already recorded.
func (s *Store) AppendAudit(ctx context.Context, e store.AuditEvent) error {
	return insert(ctx, s, "append audit", audit, e)
}

// ListAudit returns the account's newest events first, at most limit; every
// event when limit is 0 or less.
func (s *Store) ListAudit(ctx context.Context, accountID string, limit int) ([]store.AuditEvent, error) {
	return read(ctx, s, "list audit", func(tx *bbolt.Tx) ([]store.AuditEvent, error) {
		var list []store.AuditEvent
		prefix := []byte(pair(accountID, ""))
		c := tx.Bucket(bucketAudit).Cursor()
		k, data := c.Seek([]byte(accountID + "\x01"))
		if k == nil {
			k, data = c.Last()
		} else {
			k, data = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix) && (limit <= 0 || len(list) < limit); k, data = c.Prev() {
			e, err := decode[store.AuditEvent](data)
			if err != nil {
				return nil, err
			}
			list = append(list, *e)
		}
		return list, nil
	})
}

// ListOrgAudit returns the organization's events that q keeps, newest
// first. It reads at most orgAuditScan index entries: when they run out
// before q.Limit events matched, next is the last one read.
func (s *Store) ListOrgAudit(ctx context.Context, q store.OrgAuditQuery) ([]store.AuditEvent, store.AuditCursor, error) {
	type page struct {
		events []store.AuditEvent
		next   store.AuditCursor
	}
	limit := q.Limit
	if limit <= 0 {
		limit = orgAuditScan
	}
	p, err := read(ctx, s, "list org audit", func(tx *bbolt.Tx) (page, error) {
		var p page
		prefix := []byte(pair(q.OrgID, ""))
		c := tx.Bucket(bucketAuditByOrg).Cursor()
		var k, ref []byte
		if q.Before.IsZero() {
			k, ref = c.Seek([]byte(q.OrgID + "\x01"))
		} else {
			k, ref = c.Seek(orgAuditKey(q.OrgID, q.Before))
		}
		if k == nil {
			k, ref = c.Last()
		} else {
			k, ref = c.Prev()
		}
		for scanned := 0; k != nil && bytes.HasPrefix(k, prefix); k, ref = c.Prev() {
			if len(p.events) == limit || scanned == orgAuditScan {
				return p, nil
			}
			scanned++
			e, err := audit.get(tx, string(ref))
			if err != nil {
				return page{}, err
			}
			if e == nil {
				continue
			}
			p.next = cursorOf(*e)
			if orgAuditKeeps(q, *e) {
				p.events = append(p.events, *e)
			}
		}
		p.next = store.AuditCursor{}
		return p, nil
	})
	return p.events, p.next, err
}

// orgAuditKeeps reports whether e passes q's filters.
func orgAuditKeeps(q store.OrgAuditQuery, e store.AuditEvent) bool {
	return (q.Type == "" || e.Type == q.Type) && (q.Person == "" || e.Email == q.Person || e.Actor == q.Person)
}

// DeleteAuditBefore removes events, of every account, whose Time is before
// t and returns how many went. It reads audit_by_time up to t.
func (s *Store) DeleteAuditBefore(ctx context.Context, t time.Time) (int, error) {
	return sweepByTime(ctx, s, "delete audit before", audit, bucketAuditByTime, t, func(e store.AuditEvent) bool { return e.Time.Before(t) })
}
