package identity

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id cost parameters.
type Argon2Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultArgon2 is the OWASP minimum for argon2id.
var DefaultArgon2 = Argon2Params{MemoryKiB: 19456, Time: 2, Threads: 1}

const (
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Hasher hashes passwords with argon2id into PHC strings. Each call holds
// MemoryKiB of memory, so calls run under a semaphore sized to the cores:
// a flood of sign-ins queues instead of exhausting memory. The queue is
// fair between client addresses (see hashQueue).
type Hasher struct {
	Params Argon2Params
	queue  *hashQueue
	rand   io.Reader
}

// NewHasher returns a Hasher running at most concurrency hashes at once,
// with at most perAddress of them (running or queued) for one address.
func NewHasher(p Argon2Params, concurrency, perAddress int, rand io.Reader) *Hasher {
	return &Hasher{Params: p, queue: newHashQueue(concurrency, perAddress), rand: rand}
}

// Hash returns the PHC string of password with a fresh salt.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := io.ReadFull(h.rand, salt); err != nil {
		return "", fmt.Errorf("hash: salt: %w", err)
	}
	t, err := h.Admit("")
	if err != nil {
		return "", fmt.Errorf("hash: %w", err)
	}
	defer t.Done()
	if err := h.queue.acquire(ctx, ""); err != nil {
		return "", fmt.Errorf("hash: %w", err)
	}
	defer h.queue.release()
	p := h.Params
	key := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, argonKeyLen)
	return encodePHC(p, salt, key), nil
}

// Verify reports whether password matches the PHC string, and whether the
// string uses other parameters than today's (so it should be rehashed).
// addr is the client address the check is for; ErrHashQueueFull when that
// address already has its share of the queue.
func (h *Hasher) Verify(ctx context.Context, addr, phc, password string) (ok, stale bool, err error) {
	t, err := h.Admit(addr)
	if err != nil {
		return false, false, fmt.Errorf("verify: %w", err)
	}
	defer t.Done()
	return t.Verify(ctx, phc, password)
}

// Admit takes one of addr's places in the hashing queue, or returns
// ErrHashQueueFull at once, before any other work is spent on a request.
// The Ticket must be Done.
func (h *Hasher) Admit(addr string) (*HashTicket, error) {
	if err := h.queue.admit(addr); err != nil {
		return nil, err
	}
	return &HashTicket{h: h, addr: addr}, nil
}

// HashTicket is an address's place in the hashing queue.
type HashTicket struct {
	h    *Hasher
	addr string
}

// Verify is Hasher.Verify within the ticket's place.
func (t *HashTicket) Verify(ctx context.Context, phc, password string) (ok, stale bool, err error) {
	p, salt, want, err := decodePHC(phc)
	if err != nil {
		return false, false, err
	}
	if err := t.h.queue.acquire(ctx, t.addr); err != nil {
		return false, false, fmt.Errorf("verify: %w", err)
	}
	defer t.h.queue.release()
	got := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	ok = subtle.ConstantTimeCompare(got, want) == 1
	return ok, p != t.h.Params || len(want) != argonKeyLen, nil
}

// Done gives the place up.
func (t *HashTicket) Done() { t.h.queue.leave(t.addr) }

var b64 = base64.RawStdEncoding

func encodePHC(p Argon2Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

func decodePHC(s string) (p Argon2Params, salt, key []byte, err error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("phc: not an argon2id string")
	}
	var v int
	if _, err = fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("phc: unsupported version")
	}
	if _, err = fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("phc: parameters: %w", err)
	}
	if p.MemoryKiB == 0 || p.Time == 0 || p.Threads == 0 {
		return p, nil, nil, fmt.Errorf("phc: zero parameter")
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil {
		return p, nil, nil, fmt.Errorf("phc: salt: %w", err)
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) == 0 {
		return p, nil, nil, fmt.Errorf("phc: key: %v", err)
	}
	return p, salt, key, nil
}
