package cluster

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestPairDiag (dev only) measures how well article similarity separates
// same-event pairs from same-topic, other-event pairs.
func TestPairDiag(t *testing.T) {
	recs, goldPath := os.Getenv("CLUSTER_RECORDS"), os.Getenv("CLUSTER_GOLD")
	if recs == "" || goldPath == "" {
		t.Skip("dev only")
	}
	arts := readRecords(t, recs)
	gold := readGold(t, goldPath)
	v := newVocab()
	for i := range arts {
		eachWord(arts[i].Headline, "en", func(w string) {})
	}
	// two passes so IDF is the corpus's
	for i := range arts {
		v.features(&arts[i])
	}
	vecs := make([]map[uint32]float32, len(arts))
	for i := range arts {
		m := map[uint32]float32{}
		for _, tm := range v.features(&arts[i]) {
			m[tm.id] = tm.w
		}
		vecs[i] = m
	}
	type pr struct {
		s    float64
		same bool
	}
	var ps []pr
	nnOK, nnN := 0, 0
	for i := range arts {
		gi := gold[arts[i].ID]
		ti := strings.Split(gi, "_")[0]
		best, bestS := -1, -1.0
		for j := range arts {
			if i == j {
				continue
			}
			var s float64
			for id, w := range vecs[i] {
				s += float64(w) * float64(vecs[j][id])
			}
			gj := gold[arts[j].ID]
			if s > bestS {
				best, bestS = j, s
			}
			if j > i && strings.Split(gj, "_")[0] == ti {
				ps = append(ps, pr{s, gi == gj})
			}
		}
		nnN++
		if gold[arts[best].ID] == gi {
			nnOK++
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].s > ps[j].s })
	// AUC
	var pos, neg, rankSum float64
	for k := len(ps) - 1; k >= 0; k-- {
		if ps[k].same {
			pos++
			rankSum += neg
		} else {
			neg++
		}
	}
	t.Logf("nearest-neighbour accuracy %.3f; within-topic AUC %.3f (%d pos, %d neg)", float64(nnOK)/float64(nnN), rankSum/(pos*neg), int(pos), int(neg))
}

func TestTrace(t *testing.T) {
	recs, goldPath, topic := os.Getenv("CLUSTER_RECORDS"), os.Getenv("CLUSTER_GOLD"), os.Getenv("CLUSTER_TOPIC")
	if recs == "" || goldPath == "" || topic == "" {
		t.Skip("dev only")
	}
	arts := readRecords(t, recs)
	gold := readGold(t, goldPath)
	var sel []int
	for i := range arts {
		if strings.HasPrefix(gold[arts[i].ID], topic+"_") {
			sel = append(sel, i)
		}
	}
	sort.SliceStable(sel, func(x, y int) bool {
		dx, _ := spanOf(&arts[sel[x]])
		dy, _ := spanOf(&arts[sel[y]])
		if (dx == unknownDay) != (dy == unknownDay) {
			return dy == unknownDay
		}
		return dx < dy
	})
	c := New(Options{})
	for _, i := range sel {
		as := c.Add(&arts[i])
		e, s := c.Resolve(as.Slot)
		t.Logf("%-12s %-10s e%d s%d sim %.3f dup %q %.60s", arts[i].ID, gold[arts[i].ID], e, s, as.Similarity, as.DuplicateOf, arts[i].Headline)
	}
}

var undatedHAC = 1.0

func TestHAC(t *testing.T) {
	recs, goldPath := os.Getenv("CLUSTER_RECORDS"), os.Getenv("CLUSTER_GOLD")
	if recs == "" || goldPath == "" {
		t.Skip("dev only")
	}
	arts := readRecords(t, recs)
	gold := readGold(t, goldPath)
	setFeatures()
	v := newVocab()
	for i := range arts {
		v.count(&arts[i])
	}
	v.primed = true
	n := len(arts)
	vecs := make([]map[uint32]float32, n)
	for i := range arts {
		m := map[uint32]float32{}
		for _, tm := range v.features(&arts[i]) {
			m[tm.id] = tm.w
		}
		vecs[i] = m
	}
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
		for j := range sim[i] {
			for id, w := range vecs[i] {
				sim[i][j] += float64(w) * float64(vecs[j][id])
			}
			di, dj := dayOf(arts[i].Published), dayOf(arts[j].Published)
			if di == unknownDay || dj == unknownDay {
				sim[i][j] *= undatedHAC
			} else {
				sim[i][j] *= decay(di, di, dj, dj, 2)
			}
		}
	}
	for th := 0.06; th < 0.32; th += 0.02 {
		// average link
		cl := make([][]int, n)
		for i := range cl {
			cl[i] = []int{i}
		}
		for {
			bi, bj, bs := -1, -1, th
			for i := range cl {
				if cl[i] == nil {
					continue
				}
				for j := i + 1; j < len(cl); j++ {
					if cl[j] == nil {
						continue
					}
					var s float64
					for _, a := range cl[i] {
						for _, b := range cl[j] {
							s += sim[a][b]
						}
					}
					s /= float64(len(cl[i]) * len(cl[j]))
					if s > bs {
						bi, bj, bs = i, j, s
					}
				}
			}
			if bi < 0 {
				break
			}
			cl[bi] = append(cl[bi], cl[bj]...)
			cl[bj] = nil
		}
		pred := map[string]string{}
		for k, c := range cl {
			for _, a := range c {
				pred[arts[a].ID] = fmt.Sprint(k)
			}
		}
		b3, pair := bcubed(gold, pred)
		if os.Getenv("HACDUMP") != "" && fmt.Sprintf("%.2f", th) == os.Getenv("HACDUMP") {
			f, _ := os.Create("/tmp/hac.tsv")
			for id, p := range pred {
				fmt.Fprintf(f, "%s\t%s\t%s\n", id, gold[id], p)
			}
			f.Close()
		}
		t.Logf("HAC avg %.2f: B3 %.3f pair %.3f", th, b3, pair)
	}
}

func setFeatures() {
	for _, kv := range strings.Split(os.Getenv("FEAT"), ",") {
		k, val, _ := strings.Cut(kv, "=")
		f, _ := strconv.ParseFloat(val, 64)
		switch k {
		case "h":
			headlineWeight = f
		case "l":
			leadWeight = f
		case "e":
			entityBoost = f
		case "n":
			vectorTerms = int(f)
		case "num":
			withNumbers = f > 0
		case "u":
			undatedHAC = f
			undatedFactor = f
		case "mp":
			maxParas = int(f)
		case "lp":
			leadParas = int(f)
		case "rw":
			restWeight = f
		case "sw":
			streamWeight = f
		case "bi":
			withBigrams = f > 0
		}
	}
}

func TestAUC(t *testing.T) {
	recs, goldPath := os.Getenv("CLUSTER_RECORDS"), os.Getenv("CLUSTER_GOLD")
	if recs == "" || goldPath == "" {
		t.Skip("dev only")
	}
	arts := readRecords(t, recs)
	gold := readGold(t, goldPath)
	setFeatures()
	v := newVocab()
	for i := range arts {
		v.count(&arts[i])
	}
	v.primed = true
	split := func(vec vector, keep func(string) bool) map[uint32]float64 {
		m := map[uint32]float64{}
		var s float64
		for _, tm := range vec {
			if keep(v.words[tm.id]) {
				m[tm.id] = float64(tm.w)
				s += float64(tm.w * tm.w)
			}
		}
		for k := range m {
			m[k] /= math.Sqrt(s)
		}
		return m
	}
	n := len(arts)
	type parts struct{ all, w, e, num, head map[uint32]float64 }
	ps := make([]parts, n)
	for i := range arts {
		vec := v.features(&arts[i])
		ps[i].all = split(vec, func(string) bool { return true })
		ps[i].w = split(vec, func(s string) bool { return !strings.HasPrefix(s, "e:") && !strings.HasPrefix(s, "n:") })
		ps[i].e = split(vec, func(s string) bool { return strings.HasPrefix(s, "e:") })
		ps[i].num = split(vec, func(s string) bool { return strings.HasPrefix(s, "n:") })
	}
	dot := func(a, b map[uint32]float64) float64 {
		var s float64
		for k, w := range a {
			s += w * b[k]
		}
		return s
	}
	type pr struct {
		f    [4]float64
		same bool
	}
	var prs []pr
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			gi, gj := gold[arts[i].ID], gold[arts[j].ID]
			if strings.Split(gi, "_")[0] != strings.Split(gj, "_")[0] {
				continue
			}
			prs = append(prs, pr{[4]float64{dot(ps[i].all, ps[j].all), dot(ps[i].w, ps[j].w), dot(ps[i].e, ps[j].e), dot(ps[i].num, ps[j].num)}, gi == gj})
		}
	}
	auc := func(score func(f [4]float64) float64) float64 {
		type sp struct {
			s    float64
			same bool
		}
		var xs []sp
		for _, p := range prs {
			xs = append(xs, sp{score(p.f), p.same})
		}
		sort.Slice(xs, func(i, j int) bool { return xs[i].s < xs[j].s })
		var pos, neg, good float64
		for _, x := range xs {
			if x.same {
				pos++
				good += neg
			} else {
				neg++
			}
		}
		return good / (pos * neg)
	}
	t.Logf("all %.3f words %.3f ents %.3f nums %.3f", auc(func(f [4]float64) float64 { return f[0] }), auc(func(f [4]float64) float64 { return f[1] }), auc(func(f [4]float64) float64 { return f[2] }), auc(func(f [4]float64) float64 { return f[3] }))
	for _, a := range []float64{0.2, 0.4, 0.6, 0.8} {
		t.Logf("w+%.1fe %.3f  w*e^%.1f %.3f  w+%.1f(e+num) %.3f", a, auc(func(f [4]float64) float64 { return f[1] + a*f[2] }), a, auc(func(f [4]float64) float64 { return f[1] * math.Pow(f[2]+0.05, a) }), a, auc(func(f [4]float64) float64 { return f[1] + a*(f[2]+f[3]) }))
	}
}

func TestNNDist(t *testing.T) {
	recs, goldPath := os.Getenv("CLUSTER_RECORDS"), os.Getenv("CLUSTER_GOLD")
	if recs == "" || goldPath == "" {
		t.Skip("dev only")
	}
	arts := readRecords(t, recs)
	gold := readGold(t, goldPath)
	setFeatures()
	v := newVocab()
	for i := range arts {
		v.count(&arts[i])
	}
	v.primed = true
	vecs := make([]map[uint32]float32, len(arts))
	for i := range arts {
		m := map[uint32]float32{}
		for _, tm := range v.features(&arts[i]) {
			m[tm.id] = tm.w
		}
		vecs[i] = m
	}
	var same, other []float64
	for i := range arts {
		gi := gold[arts[i].ID]
		ms, mo := 0.0, 0.0
		for j := range arts {
			if i == j {
				continue
			}
			var s float64
			for id, w := range vecs[i] {
				s += float64(w) * float64(vecs[j][id])
			}
			if gold[arts[j].ID] == gi {
				ms = max(ms, s)
			} else {
				mo = max(mo, s)
			}
		}
		same = append(same, ms)
		other = append(other, mo)
	}
	sort.Float64s(same)
	sort.Float64s(other)
	q := func(xs []float64, p float64) float64 { return xs[int(p*float64(len(xs)-1))] }
	t.Logf("max sim to own event: p5 %.2f p10 %.2f p25 %.2f p50 %.2f", q(same, .05), q(same, .1), q(same, .25), q(same, .5))
	t.Logf("max sim to other events: p50 %.2f p75 %.2f p90 %.2f p95 %.2f", q(other, .5), q(other, .75), q(other, .9), q(other, .95))
}

func TestSplitDiag(t *testing.T) {
	recs, goldPath := os.Getenv("CLUSTER_RECORDS"), os.Getenv("CLUSTER_GOLD")
	if recs == "" || goldPath == "" {
		t.Skip("dev only")
	}
	arts := readRecords(t, recs)
	gold := readGold(t, goldPath)
	setFeatures()
	v := newVocab()
	for i := range arts {
		v.count(&arts[i])
	}
	v.primed = true
	vecs := make([]map[uint32]float64, len(arts))
	for i := range arts {
		m := map[uint32]float64{}
		for _, tm := range v.features(&arts[i]) {
			m[tm.id] = float64(tm.w)
		}
		vecs[i] = m
	}
	cen := func(ix []int) map[uint32]float64 {
		m := map[uint32]float64{}
		for _, i := range ix {
			for k, w := range vecs[i] {
				m[k] += w
			}
		}
		return m
	}
	cos := func(a, b map[uint32]float64) float64 {
		var d, na, nb float64
		for k, w := range a {
			d += w * b[k]
			na += w * w
		}
		for _, w := range b {
			nb += w * w
		}
		return d / math.Sqrt(na*nb)
	}
	bisect := func(ix []int) ([]int, []int) {
		// seeds: the pair farthest apart
		a, b, lo := ix[0], ix[1], 2.0
		for x := range ix {
			for y := x + 1; y < len(ix); y++ {
				if s := cos(vecs[ix[x]], vecs[ix[y]]); s < lo {
					a, b, lo = ix[x], ix[y], s
				}
			}
		}
		ca, cb := vecs[a], vecs[b]
		var A, B []int
		for it := 0; it < 10; it++ {
			A, B = nil, nil
			for _, i := range ix {
				if cos(vecs[i], ca) >= cos(vecs[i], cb) {
					A = append(A, i)
				} else {
					B = append(B, i)
				}
			}
			if len(A) == 0 || len(B) == 0 {
				break
			}
			ca, cb = cen(A), cen(B)
		}
		return A, B
	}
	byEv := map[string][]int{}
	byTopic := map[string][]int{}
	for i := range arts {
		g := gold[arts[i].ID]
		byEv[g] = append(byEv[g], i)
		byTopic[strings.Split(g, "_")[0]] = append(byTopic[strings.Split(g, "_")[0]], i)
	}
	var within, between []float64
	for _, ix := range byEv {
		if len(ix) < 4 {
			continue
		}
		A, B := bisect(ix)
		if len(A) > 0 && len(B) > 0 {
			within = append(within, cos(cen(A), cen(B)))
		}
	}
	for tp, ix := range byTopic {
		A, B := bisect(ix)
		// how well does the bisection recover gold?
		agree := 0
		for _, i := range A {
			if gold[arts[i].ID] == gold[arts[A[0]].ID] {
				agree++
			}
		}
		between = append(between, cos(cen(A), cen(B)))
		_ = tp
	}
	sort.Float64s(within)
	sort.Float64s(between)
	t.Logf("bisected single events: %v", within)
	t.Logf("bisected topics:        %v", between)
}

func TestPairs(t *testing.T) {
	recs := os.Getenv("CLUSTER_RECORDS")
	if recs == "" {
		t.Skip("dev only")
	}
	arts := readRecords(t, recs)
	setFeatures()
	v := newVocab()
	for i := range arts {
		v.count(&arts[i])
	}
	v.primed = true
	vecs := make([]vector, len(arts))
	for i := range arts {
		vecs[i] = v.features(&arts[i])
	}
	for i := range arts {
		line := arts[i].ID[:3]
		for j := range arts {
			m := map[uint32]float32{}
			for _, tm := range vecs[j] {
				m[tm.id] = tm.w
			}
			var s float64
			for _, tm := range vecs[i] {
				s += float64(tm.w) * float64(m[tm.id])
			}
			line += fmt.Sprintf(" %.2f", s)
		}
		t.Log(line)
	}
	for i := range arts {
		var ws []string
		for _, tm := range vecs[i][:20] {
			ws = append(ws, v.words[tm.id])
		}
		t.Log(arts[i].ID[:3], ws)
	}
}
