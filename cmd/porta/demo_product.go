package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/porta-id/porta/api/oidcop"
	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/cmd/porta-demo/demohr"
)

// The demo product (cmd/porta-demo) that --demo registers, and the file
// in the data folder that hands it its client ID and secret.
const (
	demoProductURL  = "http://localhost:8081"
	demoProductFile = "demo-hr-client.json"
)

// seedDemoProduct registers Demo HR as a client of the demo organization
// unless the file of an existing registration is there, and writes it.
func (m *Main) seedDemoProduct(ctx context.Context) error {
	path := filepath.Join(m.Config.Data, demoProductFile)
	if data, err := os.ReadFile(path); err == nil {
		var dc demohr.ClientFile
		if json.Unmarshal(data, &dc) == nil {
			if _, err := m.Store.GetClient(ctx, dc.ClientID); err == nil {
				return nil
			} else if !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("demo product: %w", err)
			}
		}
	}
	c, secret, err := m.OpenID.CreateClient(ctx, oidcop.NewClient{
		Name: "Demo HR", RedirectURIs: []string{demoProductURL + "/callback"}, Org: demoOrgSlug, FirstParty: true,
	})
	if err != nil {
		return fmt.Errorf("demo product: %w", err)
	}
	data, _ := json.MarshalIndent(demohr.ClientFile{ClientID: c.ID, ClientSecret: secret, Org: demoOrgSlug}, "", "  ")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("demo product: %w", err)
	}
	return nil
}
