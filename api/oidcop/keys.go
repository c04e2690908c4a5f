package oidcop

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/porta-id/porta/api/store"
)

// Signing algorithms: every key set has a current key of each. ID tokens
// are signed RS256, which every client understands, unless the client
// asks for ES256 (store.Client.IDTokenAlg).
const (
	algRS256 = "RS256"
	algES256 = "ES256"
)

// SigningAlgs are the algorithms a client's ID tokens may be signed with.
var SigningAlgs = []string{algRS256, algES256}

// op asks the storage for "the" signing key with only a context, so
// per-client signing goes through one: the token endpoint's request
// carries a signingChoice, the storage writes the client's algorithm into
// it when op looks the client up, and SigningKey reads it.
type signingChoice struct{ alg string }

type signingChoiceKey struct{}

// withSigningChoice gives each token request its signingChoice.
func withSigningChoice(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			r = r.WithContext(context.WithValue(r.Context(), signingChoiceKey{}, &signingChoice{}))
		}
		next.ServeHTTP(w, r)
	})
}

// chooseSigning records, for the request of ctx, the client's algorithm.
func chooseSigning(ctx context.Context, c store.Client) {
	if sc, ok := ctx.Value(signingChoiceKey{}).(*signingChoice); ok {
		sc.alg = c.IDTokenAlg
	}
}

// signingAlg is the algorithm the request of ctx signs with.
func signingAlg(ctx context.Context) string {
	if sc, ok := ctx.Value(signingChoiceKey{}).(*signingChoice); ok && sc.alg == algES256 {
		return algES256
	}
	return algRS256
}

// keyReload bounds how long a replica signs with a key set read from the
// store before looking again, so a rotation by another replica is seen.
const keyReload = time.Minute

// keyRing is the provider's signing keys, read from the store and kept in
// memory between reloads.
type keyRing struct {
	p *Provider

	mu       sync.Mutex
	loadedAt time.Time
	keys     []signingKey
}

// signingKey is a store.SigningKey opened for use.
type signingKey struct {
	rec     store.SigningKey
	private crypto.Signer
}

func newKeyRing(p *Provider) *keyRing { return &keyRing{p: p} }

// current returns the usable keys, rotating first when the newest key of
// an algorithm is older than the rotation period.
func (k *keyRing) current(ctx context.Context) ([]signingKey, error) {
	now := k.p.now()
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.keys != nil && now.Sub(k.loadedAt) < keyReload && !k.due(now) {
		return k.keys, nil
	}
	recs, err := k.p.store.ListSigningKeys(ctx)
	if err != nil {
		return nil, err
	}
	if needsRotation(recs, now, k.p.cfg.KeyRotation) {
		if recs, err = k.rotate(ctx, now); err != nil {
			return nil, err
		}
	}
	keys := make([]signingKey, 0, len(recs))
	for _, r := range recs {
		if !r.ExpiresAt.IsZero() && !now.Before(r.ExpiresAt) {
			continue
		}
		sk, err := k.open(r)
		if err != nil {
			return nil, fmt.Errorf("signing key %s: %w", r.ID, err)
		}
		keys = append(keys, sk)
	}
	k.keys, k.loadedAt = keys, now
	return keys, nil
}

// due reports whether the loaded set needs a rotation at now.
func (k *keyRing) due(now time.Time) bool {
	recs := make([]store.SigningKey, len(k.keys))
	for i, sk := range k.keys {
		recs[i] = sk.rec
	}
	return needsRotation(recs, now, k.p.cfg.KeyRotation)
}

// needsRotation reports whether some algorithm has no active key younger
// than every.
func needsRotation(recs []store.SigningKey, now time.Time, every time.Duration) bool {
	for _, alg := range []string{algRS256, algES256} {
		if _, ok := activeKey(recs, alg, now, every); !ok {
			return true
		}
	}
	return false
}

// activeKey is the newest unretired key of alg made less than every ago.
func activeKey(recs []store.SigningKey, alg string, now time.Time, every time.Duration) (store.SigningKey, bool) {
	for i := len(recs) - 1; i >= 0; i-- {
		r := recs[i]
		if r.Algorithm == alg && r.RetiredAt.IsZero() && now.Sub(r.CreatedAt) < every {
			return r, true
		}
	}
	return store.SigningKey{}, false
}

// rotate adds a new key for each algorithm that needs one and retires
// the old: a retired key stays published until every token it signed
// has expired. Replicas rotating at once add one key, not two: the
// decision is made again inside the store's atomic update.
func (k *keyRing) rotate(ctx context.Context, now time.Time) ([]store.SigningKey, error) {
	fresh := map[string]store.SigningKey{}
	for _, alg := range []string{algRS256, algES256} {
		r, err := k.generate(alg, now)
		if err != nil {
			return nil, err
		}
		fresh[alg] = r
	}
	keep := k.p.cfg.IDTokenTTL + k.p.cfg.AccessTokenTTL + 5*time.Minute
	return k.p.store.UpdateSigningKeys(ctx, func(old []store.SigningKey) ([]store.SigningKey, error) {
		next := append([]store.SigningKey(nil), old...)
		for _, alg := range []string{algRS256, algES256} {
			if _, ok := activeKey(next, alg, now, k.p.cfg.KeyRotation); ok {
				continue
			}
			for i := range next {
				if next[i].Algorithm == alg && next[i].RetiredAt.IsZero() {
					next[i].RetiredAt, next[i].ExpiresAt = now, now.Add(keep)
				}
			}
			next = append(next, fresh[alg])
		}
		return next, nil
	})
}

// prune drops keys that left the published set.
func (k *keyRing) prune(ctx context.Context) error {
	now := k.p.now()
	_, err := k.p.store.UpdateSigningKeys(ctx, func(old []store.SigningKey) ([]store.SigningKey, error) {
		next := old[:0:0]
		for _, r := range old {
			if r.ExpiresAt.IsZero() || now.Before(r.ExpiresAt) {
				next = append(next, r)
			}
		}
		return next, nil
	})
	return err
}

func (k *keyRing) generate(alg string, now time.Time) (store.SigningKey, error) {
	var priv crypto.Signer
	var err error
	switch alg {
	case algRS256:
		priv, err = rsa.GenerateKey(k.p.rand, 2048)
	case algES256:
		priv, err = ecdsa.GenerateKey(elliptic.P256(), k.p.rand)
	}
	if err != nil {
		return store.SigningKey{}, fmt.Errorf("generate %s key: %w", alg, err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return store.SigningKey{}, err
	}
	sealed, err := k.p.id.Seal(der)
	if err != nil {
		return store.SigningKey{}, err
	}
	pub, err := x509.MarshalPKIXPublicKey(priv.Public())
	if err != nil {
		return store.SigningKey{}, err
	}
	id, err := k.p.newID()
	if err != nil {
		return store.SigningKey{}, err
	}
	return store.SigningKey{ID: id, Algorithm: alg, Private: sealed, Public: pub, CreatedAt: now}, nil
}

func (k *keyRing) open(r store.SigningKey) (signingKey, error) {
	der, err := k.p.id.Open(r.Private)
	if err != nil {
		return signingKey{}, err
	}
	priv, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return signingKey{}, err
	}
	signer, ok := priv.(crypto.Signer)
	if !ok {
		return signingKey{}, errors.New("not a signing key")
	}
	return signingKey{rec: r, private: signer}, nil
}

// signer returns the key that signs now for alg.
func (k *keyRing) signer(ctx context.Context, alg string) (signingKey, error) {
	keys, err := k.current(ctx)
	if err != nil {
		return signingKey{}, err
	}
	for i := len(keys) - 1; i >= 0; i-- {
		if keys[i].rec.Algorithm == alg && keys[i].rec.RetiredAt.IsZero() {
			return keys[i], nil
		}
	}
	return signingKey{}, fmt.Errorf("no current %s key", alg)
}

// opSigningKey and opPublicKey adapt keys to op's interfaces.
type opSigningKey struct{ k signingKey }

func (s opSigningKey) SignatureAlgorithm() jose.SignatureAlgorithm {
	return jose.SignatureAlgorithm(s.k.rec.Algorithm)
}
func (s opSigningKey) Key() any   { return s.k.private }
func (s opSigningKey) ID() string { return s.k.rec.ID }

type opPublicKey struct{ k signingKey }

func (s opPublicKey) ID() string { return s.k.rec.ID }
func (s opPublicKey) Algorithm() jose.SignatureAlgorithm {
	return jose.SignatureAlgorithm(s.k.rec.Algorithm)
}
func (s opPublicKey) Use() string { return "sig" }
func (s opPublicKey) Key() any    { return s.k.private.Public() }
