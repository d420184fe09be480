// Package ui embeds the HTML templates and static files of the web interface.
package ui

import "embed"

// FS holds templates/ and static/.
//
//go:embed templates static
var FS embed.FS
