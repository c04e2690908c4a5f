package identity

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/porta-id/porta/api/policy"
)

func TestCommonPasswords(t *testing.T) {
	commonOnce.Do(loadCommon)
	if n := len(commonSet); n < 10000 {
		t.Fatalf("blocklist has %d entries, want at least 10,000", n)
	}
	for _, pw := range []string{"password", "Password1!", "P@ssw0rd", "qwerty123", "Dragon2024!", "LETMEIN"} {
		if !IsCommonPassword(pw) {
			t.Errorf("%q should count as common", pw)
		}
	}
	for _, pw := range []string{"Correct-Horse-7", "vX9#mq2Lp", "Tr0ub4dor&3x"} {
		if IsCommonPassword(pw) {
			t.Errorf("%q should not count as common", pw)
		}
	}
}

func TestValidateNewPassword(t *testing.T) {
	p := policy.Porta()
	cases := []struct {
		pw   string
		want []string
	}{
		{"Correct-Horse-7", nil},
		{"xq7!zp", []string{policy.RuleLength, policy.RuleUpper}},
		{"nouppercase-7", []string{policy.RuleUpper}},
		{"No-Digits-Here", []string{policy.RuleDigit}},
		{"NoSpecial77", []string{policy.RuleSpecial}},
		{"Ann.Smith1@example.com", []string{policy.RuleNoEmail}},
		{"Password123!", []string{policy.RuleCommon}},
	}
	for _, c := range cases {
		err := validateNewPassword(p, "ann.smith1@example.com", c.pw)
		var got []string
		if err != nil {
			got = err.(*Error).Rules
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%q: unmet = %v, want %v", c.pw, got, c.want)
		}
	}
	if err := validateNewPassword(policy.NIST(), "a@example.com", "all lowercase words here"); err != nil {
		t.Errorf("nist has no composition rules: %v", err)
	}
}

func TestHasherPHC(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}, 2, 0, rand.Reader)
	phc, err := h.Hash(ctx, "secret")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("phc = %s", phc)
	}
	if ok, stale, err := h.Verify(ctx, "", phc, "secret"); !ok || stale || err != nil {
		t.Fatalf("verify = %v %v %v", ok, stale, err)
	}
	if ok, _, _ := h.Verify(ctx, "", phc, "Secret"); ok {
		t.Fatal("wrong password verified")
	}
	h2 := NewHasher(DefaultArgon2, 1, 0, rand.Reader)
	if _, stale, _ := h2.Verify(ctx, "", phc, "secret"); !stale {
		t.Fatal("older parameters should be stale")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$AA$AA", "$argon2id$v=19$m=0,t=1,p=1$AA$AA", "$argon2id$v=19$m=64,t=1,p=1$!!$AA"} {
		if _, _, err := h.Verify(ctx, "", bad, "x"); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}
