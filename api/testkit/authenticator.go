package testkit

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"

	"github.com/fxamacker/cbor/v2"
)

// Authenticator is a software WebAuthn authenticator for tests: it makes
// ES256 passkeys with attestation "none" and answers assertions, as a
// browser and its authenticator would, with knobs to misbehave.
type Authenticator struct {
	// Origin is the page's origin the browser reports.
	Origin string
	// RPID, when set, is the relying party the authenticator signs for
	// instead of the one the options name (a phishing site's).
	RPID string
	// UserVerified is whether it verifies the person (biometrics, PIN).
	UserVerified bool
	// Synced makes its passkeys backup eligible and backed up.
	Synced bool
	creds  []*softCredential
}

type softCredential struct {
	id, userHandle []byte
	key            *ecdsa.PrivateKey
	count          uint32
}

var b64 = base64.RawURLEncoding

// Create answers navigator.credentials.create for options (the publicKey
// member as JSON) with a new passkey: the JSON a browser sends back.
func (a *Authenticator) Create(options []byte) ([]byte, error) {
	var o struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID string `json:"id"`
		} `json:"rp"`
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	if err := json.Unmarshal(options, &o); err != nil {
		return nil, err
	}
	handle, err := b64.DecodeString(o.User.ID)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	c := &softCredential{id: make([]byte, 16), userHandle: handle, key: key}
	if _, err := rand.Read(c.id); err != nil {
		return nil, err
	}
	a.creds = append(a.creds, c)
	pub, err := key.PublicKey.Bytes() // 0x04 | X | Y
	if err != nil {
		return nil, err
	}
	cose, err := cbor.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: pub[1:33], -3: pub[33:65]})
	if err != nil {
		return nil, err
	}
	attested := append(make([]byte, 16), byte(len(c.id)>>8), byte(len(c.id)))
	attested = append(append(attested, c.id...), cose...)
	auth := append(a.authData(o.RP.ID, 0x40, c.count), attested...)
	att, err := cbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": auth})
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{
		"id": b64.EncodeToString(c.id), "rawId": b64.EncodeToString(c.id), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{},
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(a.clientData("webauthn.create", o.Challenge)),
			"attestationObject": b64.EncodeToString(att),
			"transports":        []string{"internal", "hybrid"},
		},
	})
}

// Get answers navigator.credentials.get for options with the newest of
// its passkeys that the options allow, counting one more use.
func (a *Authenticator) Get(options []byte) ([]byte, error) {
	var o struct {
		Challenge string `json:"challenge"`
		RPID      string `json:"rpId"`
		Allow     []struct {
			ID string `json:"id"`
		} `json:"allowCredentials"`
	}
	if err := json.Unmarshal(options, &o); err != nil {
		return nil, err
	}
	var c *softCredential
	for i := len(a.creds) - 1; i >= 0 && c == nil; i-- {
		if len(o.Allow) == 0 {
			c = a.creds[i]
		}
		for _, allowed := range o.Allow {
			if allowed.ID == b64.EncodeToString(a.creds[i].id) {
				c = a.creds[i]
			}
		}
	}
	if c == nil {
		return nil, errors.New("testkit: no passkey for these options")
	}
	c.count++
	auth := a.authData(o.RPID, 0, c.count)
	client := a.clientData("webauthn.get", o.Challenge)
	digest := sha256.Sum256(client)
	signed := sha256.Sum256(append(append([]byte{}, auth...), digest[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, c.key, signed[:])
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{
		"id": b64.EncodeToString(c.id), "rawId": b64.EncodeToString(c.id), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{},
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(client),
			"authenticatorData": b64.EncodeToString(auth),
			"signature":         b64.EncodeToString(sig),
			"userHandle":        b64.EncodeToString(c.userHandle),
		},
	})
}

// SetCounter sets the signature counter of its newest passkey, as a copy
// of the key made earlier would have it.
func (a *Authenticator) SetCounter(n uint32) { a.creds[len(a.creds)-1].count = n }

// authData is the authenticator data for rpID with flags besides user
// present, verified and backup, which follow a's settings.
func (a *Authenticator) authData(rpID string, flags byte, count uint32) []byte {
	if a.RPID != "" {
		rpID = a.RPID
	}
	hash := sha256.Sum256([]byte(rpID))
	flags |= 0x01 // user present
	if a.UserVerified {
		flags |= 0x04
	}
	if a.Synced {
		flags |= 0x08 | 0x10
	}
	return binary.BigEndian.AppendUint32(append(hash[:], flags), count)
}

func (a *Authenticator) clientData(kind, challenge string) []byte {
	data, _ := json.Marshal(map[string]any{"type": kind, "challenge": challenge, "origin": a.Origin, "crossOrigin": false})
	return data
}
