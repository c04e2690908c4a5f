package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"time"
)

// Counts says how many records of each kind a copy moved or a check saw.
type Counts map[string]int

func (c Counts) String() string {
	kinds := make([]string, 0, len(c))
	for k := range c {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b bytes.Buffer
	for i, k := range kinds {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s", c[k], k)
	}
	return b.String()
}

// snapshot is every record of a store, in the order each List returns.
// Auth requests are not in it: they last minutes, between /authorize and
// the code exchange, so a copy leaves them behind like the sign-ins in
// progress they belong to, and there is no way to list them.
type snapshot struct {
	secrets      map[string][]byte
	accounts     []Account
	sessions     []Session
	devices      []Device
	factors      []Factor
	audit        []AuditEvent
	failures     []Failures
	tokens       []Token
	orgs         []Org
	memberships  []Membership
	messages     []Message
	clients      []Client
	grants       []Grant
	consents     []Consent
	signingKeys  []SigningKey
	providers    []IdentityProvider
	externalIDs  []ExternalIdentity
	productUsers []ProductUser
	progress     []ProgressSnapshot
}

func (s *snapshot) counts() Counts {
	return Counts{
		"secrets": len(s.secrets), "accounts": len(s.accounts), "sessions": len(s.sessions),
		"devices": len(s.devices), "factors": len(s.factors), "audit events": len(s.audit), "failure counters": len(s.failures),
		"tokens": len(s.tokens), "organizations": len(s.orgs), "memberships": len(s.memberships),
		"messages": len(s.messages), "clients": len(s.clients), "grants": len(s.grants), "consents": len(s.consents),
		"signing keys": len(s.signingKeys), "identity providers": len(s.providers), "external identities": len(s.externalIDs),
		"product users": len(s.productUsers), "progress snapshots": len(s.progress),
	}
}

// read lists everything in st through the Store interface alone.
func read(ctx context.Context, st Store) (*snapshot, error) {
	s := &snapshot{}
	var err error
	if s.secrets, err = st.ListSecrets(ctx); err != nil {
		return nil, err
	}
	if s.accounts, err = st.ListAccounts(ctx); err != nil {
		return nil, err
	}
	// Account-less audit events (failed sign-ins of unknown emails) list under "".
	owners := []string{""}
	for _, a := range s.accounts {
		owners = append(owners, a.ID)
		sess, err := st.ListSessions(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		devs, err := st.ListDevices(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		factors, err := st.ListFactors(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		grants, err := st.ListGrants(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		consents, err := st.ListConsents(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		links, err := st.ListExternalIdentities(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		s.sessions, s.devices = append(s.sessions, sess...), append(s.devices, devs...)
		s.factors = append(s.factors, factors...)
		s.grants, s.consents = append(s.grants, grants...), append(s.consents, consents...)
		s.externalIDs = append(s.externalIDs, links...)
	}
	for _, id := range owners {
		events, err := st.ListAudit(ctx, id, 0)
		if err != nil {
			return nil, err
		}
		s.audit = append(s.audit, events...)
	}
	if s.failures, err = st.ListFailures(ctx); err != nil {
		return nil, err
	}
	if s.tokens, err = st.ListTokens(ctx); err != nil {
		return nil, err
	}
	if s.orgs, err = st.ListOrgs(ctx); err != nil {
		return nil, err
	}
	for _, o := range s.orgs {
		ms, err := st.ListMembershipsByOrg(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		s.memberships = append(s.memberships, ms...)
		ps, err := st.ListIdentityProviders(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		s.providers = append(s.providers, ps...)
	}
	if s.messages, err = st.ListMessages(ctx, 0); err != nil {
		return nil, err
	}
	if s.clients, err = st.ListClients(ctx); err != nil {
		return nil, err
	}
	if s.signingKeys, err = st.ListSigningKeys(ctx); err != nil {
		return nil, err
	}
	// Product users are listed per product and organization: few products,
	// and a copy is an operator's one-off.
	for _, c := range s.clients {
		for _, o := range s.orgs {
			users, err := st.ListProductUsers(ctx, c.ID, o.ID)
			if err != nil {
				return nil, err
			}
			s.productUsers = append(s.productUsers, users...)
		}
	}
	for _, o := range s.orgs {
		days, err := st.ListProgressSnapshots(ctx, o.ID, "")
		if err != nil {
			return nil, err
		}
		s.progress = append(s.progress, days...)
	}
	return s, nil
}

// ErrNotEmpty is returned by Copy when the destination already has data.
var ErrNotEmpty = errors.New("the destination store is not empty")

// Copy copies every record of from into the empty store to, then reads
// both back and checks that they hold the same records (times compared to
// the microsecond, the precision PostgreSQL keeps). It returns the counts.
func Copy(ctx context.Context, from, to Store) (Counts, error) {
	dst, err := read(ctx, to)
	if err != nil {
		return nil, fmt.Errorf("copy: read destination: %w", err)
	}
	if len(dst.accounts)+len(dst.orgs)+len(dst.messages)+len(dst.tokens)+len(dst.clients)+len(dst.signingKeys) > 0 {
		return nil, fmt.Errorf("copy: %w", ErrNotEmpty)
	}
	src, err := read(ctx, from)
	if err != nil {
		return nil, fmt.Errorf("copy: read source: %w", err)
	}
	if err := write(ctx, to, src); err != nil {
		return nil, fmt.Errorf("copy: %w", err)
	}
	if err := Verify(ctx, from, to); err != nil {
		return nil, err
	}
	return src.counts(), nil
}

// write inserts every record of s into st.
func write(ctx context.Context, st Store, s *snapshot) error {
	for name, v := range s.secrets {
		got, err := st.Secret(ctx, name, func() ([]byte, error) { return v, nil })
		if err != nil {
			return err
		}
		if !bytes.Equal(got, v) {
			return fmt.Errorf("secret %q differs in the destination", name)
		}
	}
	steps := []func() error{
		func() error { return each(s.accounts, func(a Account) error { return st.CreateAccount(ctx, a) }) },
		func() error { return each(s.sessions, func(x Session) error { return st.CreateSession(ctx, x) }) },
		func() error { return each(s.devices, func(d Device) error { return st.PutDevice(ctx, d) }) },
		func() error { return each(s.factors, func(f Factor) error { return st.CreateFactor(ctx, f) }) },
		func() error { return each(s.audit, func(e AuditEvent) error { return st.AppendAudit(ctx, e) }) },
		func() error {
			return each(s.failures, func(f Failures) error {
				_, err := st.UpdateFailures(ctx, f.Key, func(Failures) (Failures, error) { return f, nil })
				return err
			})
		},
		func() error { return each(s.tokens, func(t Token) error { return st.CreateToken(ctx, t) }) },
		func() error { return each(s.orgs, func(o Org) error { return st.CreateOrg(ctx, o) }) },
		func() error { return each(s.memberships, func(m Membership) error { return st.PutMembership(ctx, m) }) },
		func() error { return each(s.messages, func(m Message) error { return st.EnqueueMessage(ctx, m) }) },
		func() error { return each(s.clients, func(c Client) error { return st.CreateClient(ctx, c) }) },
		func() error { return each(s.grants, func(g Grant) error { return st.CreateGrant(ctx, g) }) },
		func() error { return each(s.consents, func(c Consent) error { return st.PutConsent(ctx, c) }) },
		func() error {
			_, err := st.UpdateSigningKeys(ctx, func([]SigningKey) ([]SigningKey, error) { return s.signingKeys, nil })
			return err
		},
		func() error {
			return each(s.providers, func(p IdentityProvider) error { return st.PutIdentityProvider(ctx, p) })
		},
		func() error {
			return each(s.externalIDs, func(e ExternalIdentity) error { return st.PutExternalIdentity(ctx, e) })
		},
		func() error {
			return each(s.productUsers, func(u ProductUser) error {
				_, err := st.UpdateProductUser(ctx, u.ClientID, u.OrgID, u.UserID, func(ProductUser) (ProductUser, error) { return u, nil })
				return err
			})
		},
		func() error {
			return each(s.progress, func(p ProgressSnapshot) error { return st.PutProgressSnapshot(ctx, p) })
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func each[T any](list []T, f func(T) error) error {
	for _, v := range list {
		if err := f(v); err != nil {
			return err
		}
	}
	return nil
}

// Verify checks that a and b hold the same records: the same counts and
// equal records, kind by kind.
func Verify(ctx context.Context, a, b Store) error {
	sa, err := read(ctx, a)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	sb, err := read(ctx, b)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	ca, cb := sa.counts(), sb.counts()
	for kind, n := range ca {
		if cb[kind] != n {
			return fmt.Errorf("verify: %d %s in the source, %d in the destination", n, kind, cb[kind])
		}
	}
	pairs := map[string][2]any{
		"accounts": {sa.accounts, sb.accounts}, "sessions": {sa.sessions, sb.sessions},
		"devices": {sa.devices, sb.devices}, "factors": {sa.factors, sb.factors}, "audit events": {sa.audit, sb.audit},
		"failure counters": {sa.failures, sb.failures}, "tokens": {sa.tokens, sb.tokens},
		"organizations": {sa.orgs, sb.orgs}, "memberships": {sa.memberships, sb.memberships},
		"messages": {sa.messages, sb.messages}, "secrets": {sa.secrets, sb.secrets},
		"clients": {sa.clients, sb.clients}, "grants": {sa.grants, sb.grants}, "consents": {sa.consents, sb.consents},
		"signing keys": {sa.signingKeys, sb.signingKeys}, "identity providers": {sa.providers, sb.providers},
		"external identities": {sa.externalIDs, sb.externalIDs},
		"product users":       {sa.productUsers, sb.productUsers},
		"progress snapshots":  {sa.progress, sb.progress},
	}
	for kind, p := range pairs {
		if !reflect.DeepEqual(canonical(p[0]), canonical(p[1])) {
			return fmt.Errorf("verify: the %s differ between source and destination", kind)
		}
	}
	return nil
}

// canonical normalizes a list of records and sorts it, since backends may
// order records with equal sort keys (the same time) differently.
func canonical(list any) any {
	n := normalize(reflect.ValueOf(list))
	if items, ok := n.([]any); ok {
		sort.Slice(items, func(i, j int) bool { return fmt.Sprint(items[i]) < fmt.Sprint(items[j]) })
	}
	return n
}

// normalize turns records into comparable plain values: times in UTC to
// the microsecond, nil and empty slices alike.
func normalize(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			return t.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
		}
		out := make(map[string]any, v.NumField())
		for i := 0; i < v.NumField(); i++ {
			out[v.Type().Field(i).Name] = normalize(v.Field(i))
		}
		return out
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return string(v.Bytes())
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = normalize(v.Index(i))
		}
		return out
	case reflect.Map:
		out := make(map[string]any, v.Len())
		for _, k := range v.MapKeys() {
			out[fmt.Sprint(k.Interface())] = normalize(v.MapIndex(k))
		}
		return out
	}
	return v.Interface()
}
