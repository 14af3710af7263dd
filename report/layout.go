package report

import (
	"slices"

	"github.com/wfc-lang/wfc/compiler"
)

// Boxes of the DAG picture, in CSS pixels at zoom 1: a layer per column,
// read left to right.
const (
	boxW   = 168
	boxH   = 38
	pitchX = boxW + 56
	pitchY = boxH + 14
	margin = 16
)

// sweeps is how many times the order of every layer is improved: each
// sweep is linear in nodes and edges; two in each direction untangle
// chains and fans, which is what workflows are made of.
const sweeps = 2

// maxBends bounds the waypoints of long edges (below) in one picture: a
// node reading the results of thousands of nodes many layers back would
// otherwise add millions. Edges past it are drawn straight.
const maxBends = 20000

// picture is a laid-out DAG.
type picture struct {
	xy            [][2]int // each node's top-left corner: DAG nodes by index, then the extra ones
	width, height int
	// bends holds, per edge of the DAG in the order of DAG.Upstream over
	// the nodes, the waypoints of an edge longer than one layer: the
	// top-left corners of the slots it passes through. nil for the others.
	bends [][][2]int
}

// layout places the nodes of a DAG in layers (Sugiyama's method, its
// cheap parts): a node's layer is its longest path from a source, so
// every edge points right; an edge over several layers passes through a
// waypoint in each layer between, which takes a slot there, so that it
// runs between boxes rather than through them; within a layer nodes and
// waypoints are ordered by the mean position of their neighbours in the
// layer before (then after), which removes most crossings; each layer is
// centred. extra nodes (the failure handler) get a layer of their own
// after the last. Linear in nodes, edges and waypoints but for sorting
// each layer.
func layout(d *compiler.DAG, extra int) picture {
	n := d.Len()
	layer := make([]int, n+extra)
	last := 0
	for _, i := range d.Order() {
		for _, u := range d.Upstream(int(i)) {
			layer[i] = max(layer[i], layer[u]+1)
		}
		last = max(last, layer[i])
	}
	if n > 0 && extra > 0 {
		last++
	}
	for k := range extra {
		layer[n+k] = last
	}

	// The vertices to order: the nodes, then a waypoint per layer crossed
	// by each long edge, chained between the edge's ends.
	up := make([][]int32, n+extra)
	down := make([][]int32, n+extra)
	var waypoints [][]int32 // per edge, its waypoints' vertices
	budget := maxBends
	for i := range n {
		for _, u := range d.Upstream(i) {
			span := layer[i] - layer[u]
			if span < 2 || span-1 > budget {
				up[i] = append(up[i], u)
				down[u] = append(down[u], int32(i))
				waypoints = append(waypoints, nil)
				continue
			}
			budget -= span - 1
			var chain []int32
			prev := u
			for l := layer[u] + 1; l < layer[i]; l++ {
				v := int32(len(layer))
				layer = append(layer, l)
				up = append(up, []int32{prev})
				down = append(down, nil)
				down[prev] = append(down[prev], v)
				chain = append(chain, v)
				prev = v
			}
			up[i] = append(up[i], prev)
			down[prev] = append(down[prev], int32(i))
			waypoints = append(waypoints, chain)
		}
	}

	layers := make([][]int32, last+1)
	for v, l := range layer { // by index: the first order, ties stay in call order
		layers[l] = append(layers[l], int32(v))
	}
	pos := make([]float64, len(layer))
	setPos := func(l []int32) {
		for k, v := range l {
			pos[v] = float64(k)
		}
	}
	for _, l := range layers {
		setPos(l)
	}
	key := make([]float64, len(layer))
	order := func(l []int32, neighbours [][]int32) {
		for _, v := range l {
			key[v] = pos[v]
			if nb := neighbours[v]; len(nb) > 0 {
				sum := 0.0
				for _, j := range nb {
					sum += pos[j]
				}
				key[v] = sum / float64(len(nb))
			}
		}
		slices.SortStableFunc(l, func(a, b int32) int {
			switch {
			case key[a] < key[b]:
				return -1
			case key[a] > key[b]:
				return 1
			}
			return 0
		})
		setPos(l)
	}
	for range sweeps {
		for k := 1; k < len(layers); k++ {
			order(layers[k], up)
		}
		for k := len(layers) - 2; k >= 0; k-- {
			order(layers[k], down)
		}
	}

	tallest := 0
	for _, l := range layers {
		tallest = max(tallest, len(l))
	}
	at := make([][2]int, len(layer))
	for k, l := range layers {
		top := margin + (tallest-len(l))*pitchY/2
		for p, v := range l {
			at[v] = [2]int{margin + k*pitchX, top + p*pitchY}
		}
	}
	pic := picture{xy: at[:n+extra], bends: make([][][2]int, len(waypoints))}
	for e, chain := range waypoints {
		for _, v := range chain {
			pic.bends[e] = append(pic.bends[e], at[v])
		}
	}
	pic.width = 2*margin + len(layers)*pitchX - (pitchX - boxW)
	pic.height = 2*margin + tallest*pitchY - (pitchY - boxH)
	if len(layers) == 0 || tallest == 0 {
		pic.width, pic.height = 2*margin, 2*margin
	}
	return pic
}

// gridLayout places n nodes without known edges in call order, in a grid
// about twice as wide as tall.
func gridLayout(n int) picture {
	rows := 1
	for rows*rows*2 < n {
		rows++
	}
	cols := (n + rows - 1) / max(rows, 1)
	xy := make([][2]int, n)
	for i := range n {
		xy[i] = [2]int{margin + (i/rows)*pitchX, margin + (i%rows)*pitchY}
	}
	return picture{xy: xy, width: 2*margin + max(cols*pitchX-(pitchX-boxW), 0), height: 2*margin + max(min(rows, n)*pitchY-(pitchY-boxH), 0)}
}
