package app

import (
	"strings"

	"github.com/porta-id/porta/api"
)

// scopeMsgs says in plain words what a product sees with each scope.
var scopeMsgs = map[string]msg{
	api.ScopeOpenID:  msgScopeOpenID,
	api.ScopeEmail:   msgScopeEmail,
	api.ScopeProfile: msgScopeProfile,
	api.ScopeOrgs:    msgScopeOrgs,
	api.ScopeOffline: msgScopeOffline,
}

// scopeTexts is what a product sees with scopes, in their order. A scope
// the app has no words for is left out.
func scopeTexts(scopes []string) []string {
	texts := make([]string, 0, len(scopes))
	for _, s := range scopes {
		if m, ok := scopeMsgs[s]; ok {
			texts = append(texts, tr(m))
		} else if slug, ok := strings.CutPrefix(s, api.ScopeOrgPrefix); ok && slug != "" {
			texts = append(texts, tr(msgScopeOrg, slug))
		}
	}
	return texts
}
