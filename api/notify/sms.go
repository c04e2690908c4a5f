package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// SMSGateway posts each text message as JSON {"to","text"} to a URL with a
// bearer token: the shape most SMS providers' HTTP APIs can be adapted to
// with a small relay.
type SMSGateway struct {
	URL    string
	Token  string
	Client *http.Client
}

var _ SMSSender = (*SMSGateway)(nil)

// SendSMS implements SMSSender. 4xx answers are permanent, others retried.
func (g *SMSGateway) SendSMS(ctx context.Context, s SMS) error {
	body, _ := json.Marshal(map[string]string{"to": s.To, "text": s.Text})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.URL, bytes.NewReader(body))
	if err != nil {
		return Permanent{fmt.Errorf("sms gateway: %w", err)}
	}
	req.Header.Set("Content-Type", "application/json")
	if g.Token != "" {
		req.Header.Set("Authorization", "Bearer "+g.Token)
	}
	hc := g.Client
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("sms gateway: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode < 300:
		return nil
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests:
		return Permanent{fmt.Errorf("sms gateway: %s", resp.Status)}
	}
	return fmt.Errorf("sms gateway: %s", resp.Status)
}
