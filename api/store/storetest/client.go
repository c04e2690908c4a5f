package storetest

import (
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newClient returns a client with every field set, even where a real one
// would not (a public client has no secret), so the round trip covers
// each column.
func newClient(id string) store.Client {
	return store.Client{
		ID:             id,
		Name:           "Product " + id,
		SecretHash:     "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Public:         true,
		RedirectURIs:   []string{"https://app.example.com/callback", "http://127.0.0.1:8080/cb"},
		PostLogoutURIs: []string{"https://app.example.com/"},
		OrgID:          "o1",
		FirstParty:     true,
		IDTokenAlg:     "ES256",
		CreatedAt:      t0.Add(-2 * time.Hour),
		UpdatedAt:      t0,
	}
}

var clients = updatable[store.Client]{
	seed:   created(newClient("c1"), store.Store.CreateClient),
	key:    func(c store.Client) string { return c.ID },
	get:    store.Store.GetClient,
	update: store.Store.UpdateClient,
	edit: func(c store.Client) store.Client {
		c.Name = "Renamed product"
		c.SecretHash = ""
		c.Public = false
		c.RedirectURIs = append(c.RedirectURIs[:1:1], "https://app.example.com/other")
		c.PostLogoutURIs = nil
		c.OrgID = ""
		c.FirstParty = false
		c.IDTokenAlg = ""
		c.UpdatedAt = t0.Add(time.Minute)
		return c
	},
	rekey: func(c store.Client) store.Client {
		c.ID += "-other"
		return c
	},
}

func testCreateClient(t *testing.T, s store.Store) {
	c := newClient("c1")
	MustCreateClient(t, s, c)
	clients.assertStored(t, s, c)
}

func testCreateClientDuplicate(t *testing.T, s store.Store) {
	c := clients.seed(t, s)
	err := s.CreateClient(t.Context(), clients.edit(c))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	clients.assertStored(t, s, c)
}

func testDeleteClient(t *testing.T, s store.Store) {
	gone, kept := newClient("c1"), newClient("c2")
	MustCreateClient(t, s, gone)
	MustCreateClient(t, s, kept)
	if err := s.DeleteClient(t.Context(), gone.ID); err != nil {
		t.Fatalf("DeleteClient: %v", err)
	}
	_, err := s.GetClient(t.Context(), gone.ID)
	assertErrorIs(t, err, store.ErrNotFound)
	assertEqualList(t, MustListClients(t, s), []store.Client{kept})
	err = s.DeleteClient(t.Context(), gone.ID)
	assertErrorIs(t, err, store.ErrNotFound)
}

func testDeleteClientNotFound(t *testing.T, s store.Store) {
	c := clients.seed(t, s)
	err := s.DeleteClient(t.Context(), "missing")
	assertErrorIs(t, err, store.ErrNotFound)
	clients.assertStored(t, s, c)
}

func testListClients(t *testing.T, s store.Store) {
	assertEqualList(t, MustListClients(t, s), nil)
	c, a, b := newClient("c3"), newClient("c1"), clients.edit(newClient("c2"))
	for _, v := range []store.Client{c, a, b} {
		MustCreateClient(t, s, v)
	}
	assertEqualList(t, MustListClients(t, s), []store.Client{a, b, c})
}
