package pipeline

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/storyline-news/storyline/internal/extract/textdump"
	"github.com/storyline-news/storyline/internal/model"
)

// TestNoticeAcrossBatches reads invented documents one batch at a time
// into a real SQLite store: a short archive notice that arrives once per
// batch is read as an article until two earlier documents held it whole,
// then reported as a notice; the articles beside it are read every time.
func TestNoticeAcrossBatches(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	const notice = "This page was saved by a web archive. The article it held is not available to the public yet."
	topics := []string{"harbour dredging", "orchard frost", "library manuscripts", "tram timetable"}
	b := &Batch{Workers: 1}
	for i, topic := range topics {
		docs := []model.Document{
			{ID: fmt.Sprintf("notice-%d", i), File: fmt.Sprintf("notice-%d.txt", i), Format: model.FormatText, Content: notice},
			{ID: fmt.Sprintf("story-%d", i), File: fmt.Sprintf("story-%d.txt", i), Format: model.FormatText,
				Content: "Council votes on " + topic + "\n\nThe council voted on Tuesday to fund the " + topic + " plan after a long debate.\n\nCouncillors said the " + topic + " work would begin next spring."},
		}
		var errs []error
		arts, srcs, _, err := b.Read(ctx, docs, st, func(err error) { errs = append(errs, err) })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.SaveOwn(ctx, arts, srcs, Indexer); err != nil {
			t.Fatal(err)
		}
		wantNotice := i >= 2 // two copies were read before
		gotNotice := len(errs) == 1 && errors.Is(errs[0], textdump.ErrNotice)
		if gotNotice != wantNotice || len(arts) != 2-len(errs) {
			t.Errorf("batch %d: %d articles, errors %v; want the notice rejected: %v", i, len(arts), errs, wantNotice)
		}
	}
}
