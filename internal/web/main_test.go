package web_test

import (
	"testing"

	"github.com/kinerja/kinerja/internal/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m) }
