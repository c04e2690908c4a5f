package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// The flood: floodAddresses client addresses send floodPerAddress wrong
// passwords each, all at once, floodRepetitions times; each time a person
// signs in correctly from another address while it is under way.
const (
	floodAddresses   = 4
	floodPerAddress  = 30
	floodRepetitions = 5
	// floodFirstAnswers bounds the wait for every flooding address's first
	// answer before the person signs in.
	floodFirstAnswers = 10 * time.Second
)

// floodResult is the fair-under-flood measurement: a correct sign-in's
// latency while the flood is in flight, next to the same sign-in on the
// idle server. Latencies are of successful sign-ins only; any failure of
// the person's sign-in is in Errors and fails the run.
type floodResult struct {
	Repetitions int       `json:"repetitions"`
	Requests    int       `json:"floodRequests"` // per flood
	Addresses   int       `json:"floodAddresses"`
	IdleMs      []float64 `json:"idleMs"`
	FloodMs     []float64 `json:"underFloodMs"`
	IdleP50Ms   float64   `json:"idleMedianMs"`
	FloodP50Ms  float64   `json:"underFloodMedianMs"`
	// Ratio is FloodP50Ms ÷ IdleP50Ms.
	Ratio float64 `json:"ratio"`
	// Answers counts how the flood requests of every repetition were
	// answered, by code and status.
	Answers map[string]int `json:"floodAnswers"`
	// AtStart and AtEnd are, per repetition, how many flood requests were
	// unanswered when the person's sign-in was sent and when it was
	// answered.
	AtStart []int          `json:"floodUnansweredAtStart"`
	AtEnd   []int          `json:"floodUnansweredAtEnd"`
	Errors  map[string]int `json:"errors,omitempty"`
}

// fairUnderFlood measures the person's sign-in idle and under a flood,
// alternately, so both see the same machine. Each flood comes from fresh
// addresses (127.0.R.1 to 127.0.R.4 for repetition R): the per-address
// failure buckets of an earlier flood would refuse a later one before it
// reached the hasher. The person signs in from 127.0.0.1, the address
// every other measurement uses, on a warm keep-alive connection.
func (b *bench) fairUnderFlood(ctx context.Context) (*floodResult, error) {
	fmt.Fprintf(b.progress, "sign-in under a flood of %d wrong passwords from %d addresses on %s, %d times …\n",
		floodAddresses*floodPerAddress, floodAddresses, b.store, floodRepetitions)
	r := &floodResult{Repetitions: floodRepetitions, Requests: floodAddresses * floodPerAddress, Addresses: floodAddresses,
		Answers: map[string]int{}, Errors: map[string]int{}}
	person := newClient(b.url, nil)
	if err := person.signIn(ctx); err != nil {
		return nil, fmt.Errorf("sign-in before the flood: %w", err)
	}
	timed := func(samples *[]float64) {
		t0 := time.Now()
		if err := person.signIn(ctx); err != nil {
			r.Errors[errorKind(err)]++
			return
		}
		*samples = append(*samples, ms(time.Since(t0)))
	}
	for rep := 1; rep <= floodRepetitions; rep++ {
		timed(&r.IdleMs)
		f, err := startFlood(ctx, b.url, rep)
		if err != nil {
			return nil, err
		}
		if err := f.waitFirstAnswers(ctx); err != nil {
			f.wait()
			return nil, err
		}
		r.AtStart = append(r.AtStart, f.unanswered())
		timed(&r.FloodMs)
		r.AtEnd = append(r.AtEnd, f.unanswered())
		for k, n := range f.wait() {
			r.Answers[k] += n
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	r.IdleP50Ms, r.FloodP50Ms = median(r.IdleMs), median(r.FloodMs)
	if r.IdleP50Ms > 0 {
		r.Ratio = r.FloodP50Ms / r.IdleP50Ms
	}
	return r, nil
}

// flood is one burst of wrong passwords in flight.
type flood struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	answers map[string]int
	pending atomic.Int64
	// first is closed for each address when its first answer arrives.
	first      []chan struct{}
	transports []*http.Transport
}

// startFlood sends floodPerAddress sign-ins of random unknown emails from
// each of floodAddresses addresses 127.0.rep.N, all at once.
func startFlood(ctx context.Context, url string, rep int) (*flood, error) {
	if rep < 1 || rep > 255 {
		return nil, fmt.Errorf("flood repetition %d: no address 127.0.%d.x", rep, rep)
	}
	f := &flood{answers: map[string]int{}}
	gate := make(chan struct{})
	for a := range floodAddresses {
		ip := net.IPv4(127, 0, byte(rep), byte(a+1))
		rt := fromAddress(ip)
		first := make(chan struct{})
		var once sync.Once
		f.transports = append(f.transports, rt)
		f.first = append(f.first, first)
		for range floodPerAddress {
			f.pending.Add(1)
			f.wg.Go(func() {
				<-gate
				err := newClientVia(url, nil, rt).signInUnknown(ctx)
				f.pending.Add(-1)
				once.Do(func() { close(first) })
				kind := "ok (HTTP 200)"
				if err != nil {
					kind = errorKind(err)
				}
				f.mu.Lock()
				f.answers[kind]++
				f.mu.Unlock()
			})
		}
	}
	close(gate)
	return f, nil
}

// waitFirstAnswers returns once every flooding address has had an
// answer. With the default --hashes-per-address that is its first 429:
// its share of the hashing queue is taken and the rest queue behind it.
func (f *flood) waitFirstAnswers(ctx context.Context) error {
	timeout := time.After(floodFirstAnswers)
	for i, ch := range f.first {
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-timeout:
			return fmt.Errorf("flood: address %d of %d had no answer within %s", i+1, len(f.first), floodFirstAnswers)
		}
	}
	return nil
}

func (f *flood) unanswered() int { return int(f.pending.Load()) }

// wait waits for every flood request and returns the answers by kind.
func (f *flood) wait() map[string]int {
	f.wg.Wait()
	for _, rt := range f.transports {
		rt.CloseIdleConnections()
	}
	return f.answers
}

// fromAddress is a transport whose connections come from ip, so the
// server, which takes the client address from the TCP peer, sees another
// client. On Linux all of 127.0.0.0/8 is loopback; elsewhere only
// addresses configured on lo0 work, and dialing says so.
func fromAddress(ip net.IP) *http.Transport {
	d := &net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: ip}}
	return &http.Transport{
		Proxy:               nil,
		DialContext:         d.DialContext,
		MaxIdleConnsPerHost: floodPerAddress,
		IdleConnTimeout:     time.Minute,
	}
}

// median is the middle sample (the lower of the two middle ones for an
// even count), 0 for none.
func median(samples []float64) float64 {
	if len(samples) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(samples))
	return s[(len(s)-1)/2]
}
