package cluster

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/analyze/stages"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/streamgen"
)

// TestScale streams synthetic articles (internal/streamgen) through the
// clusterer and reports throughput, the cost per article over each stretch
// of the stream, live state and heap at 10k, 100k and 1M articles, and the
// B-cubed F1 of events against the generator's truth:
//
//	STORYLINE_SCALE=1000000 go test ./internal/cluster -run TestScale -v -timeout 0
//
// STORYLINE_SCALE_PIPELINE=1 runs extraction and every analysis stage
// (two workers) before clustering, as ingest does.
func TestScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("STORYLINE_SCALE"))
	if n <= 0 {
		t.Skip("set STORYLINE_SCALE=N to stream N synthetic articles")
	}
	pipeline := os.Getenv("STORYLINE_SCALE_PIPELINE") != ""
	shared := shareddata.Path(t, "data")
	g, err := streamgen.New(shared+"/..", streamgen.Options{N: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	x := extract.New(chrome.NewCorpus())
	chain := stages.Chain(0)
	prepare := func(a streamgen.Article) model.Article {
		if !pipeline {
			return model.Article{ID: a.ID, Outlet: a.Outlet, Headline: a.Title, Body: a.Body, Language: a.Lang,
				Published: a.Published.Format(time.DateOnly)}
		}
		art, err := x.Extract(context.Background(), a.Document())
		if err != nil {
			return model.Article{ID: a.ID, Headline: a.Title, Published: a.Published.Format(time.DateOnly)}
		}
		art, _ = chain.Process(context.Background(), art)
		art.Sentences = nil // not kept after analysis, as in the store
		return art
	}

	c := New(Options{})
	gold, goldStory := map[string]string{}, map[string]string{}
	slots := map[string]int{}
	const chunk = 512
	start, last := time.Now(), time.Now()
	var clusterTime, lastCluster time.Duration
	lastN := 0
	checkpoints := map[int]bool{10_000: true, 50_000: true, 100_000: true, 200_000: true, 500_000: true, 1_000_000: true, n: true}
	batch := make([]streamgen.Article, 0, chunk)
	arts := make([]model.Article, chunk)
	for done := 0; done < n; {
		batch = batch[:0]
		for len(batch) < chunk {
			a, ok := g.Next()
			if !ok {
				break
			}
			batch = append(batch, a)
		}
		if len(batch) == 0 {
			break
		}
		var wg sync.WaitGroup
		workers := 1
		if pipeline {
			workers = runtime.GOMAXPROCS(0)
		}
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w; i < len(batch); i += workers {
					arts[i] = prepare(batch[i])
				}
			}(w)
		}
		wg.Wait()
		t0 := time.Now()
		for i := range batch {
			as := c.Add(&arts[i])
			if n <= 200_000 {
				gold[batch[i].ID] = batch[i].Event
				goldStory[batch[i].ID] = batch[i].Story
				slots[batch[i].ID] = as.Slot
			}
		}
		c.Flush() // as AddBatch does for each chunk ingest clusters
		clusterTime += time.Since(t0)
		done += len(batch)
		for cp := range checkpoints {
			if done >= cp && done-len(batch) < cp {
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				ev, st, live := c.Stats()
				stretch := done - lastN
				t.Logf("%8d articles: %6.0f art/s overall, clustering alone %7.0f art/s; last %d: %.1f µs/article clustering; %d events, %d stories, %d live; heap %d MB",
					done, float64(done)/time.Since(start).Seconds(), float64(done)/clusterTime.Seconds(), stretch,
					float64((clusterTime-lastCluster).Microseconds())/float64(stretch), ev, st, live, ms.HeapAlloc>>20)
				last, lastN, lastCluster = time.Now(), done, clusterTime
			}
		}
	}
	_ = last
	if len(gold) > 0 {
		events, stories := map[string]string{}, map[string]string{}
		for id, s := range slots {
			e, st := c.Resolve(s)
			events[id], stories[id] = fmt.Sprint(e), fmt.Sprint(st)
		}
		b3, pair := bcubed(gold, events)
		sb3, spair := bcubed(goldStory, stories)
		t.Logf("events against the generator's truth: B-cubed F1 %.3f, pairwise F1 %.3f", b3, pair)
		t.Logf("stories against the generator's truth: B-cubed F1 %.3f, pairwise F1 %.3f", sb3, spair)
	}
}
