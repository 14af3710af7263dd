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

// layout places the nodes of a DAG in layers (Sugiyama's method, its
// cheap parts): a node's layer is its longest path from a source, so
// every edge points right; within a layer nodes are ordered by the mean
// position of their neighbours in the layer before (then after), which
// removes most crossings; each layer is centred. extra nodes (the failure
// handler) get a layer of their own after the last. It returns each
// node's top-left corner (DAG nodes by index, then extra) and the
// picture's size. Linear but for sorting each layer.
func layout(d *compiler.DAG, extra int) (xy [][2]int, width, height int) {
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
	layers := make([][]int32, last+1)
	for i := range n + extra { // by index: the first order, ties stay in call order
		layers[layer[i]] = append(layers[layer[i]], int32(i))
	}
	pos := make([]float64, n+extra)
	setPos := func(l []int32) {
		for k, i := range l {
			pos[i] = float64(k)
		}
	}
	for _, l := range layers {
		setPos(l)
	}
	key := make([]float64, n+extra)
	order := func(l []int32, neighbours func(int) []int32) {
		for _, i := range l {
			key[i] = pos[i]
			if int(i) >= n {
				continue
			}
			if nb := neighbours(int(i)); len(nb) > 0 {
				sum := 0.0
				for _, j := range nb {
					sum += pos[j]
				}
				key[i] = sum / float64(len(nb))
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
			order(layers[k], d.Upstream)
		}
		for k := len(layers) - 2; k >= 0; k-- {
			order(layers[k], d.Downstream)
		}
	}
	tallest := 0
	for _, l := range layers {
		tallest = max(tallest, len(l))
	}
	xy = make([][2]int, n+extra)
	for k, l := range layers {
		top := margin + (tallest-len(l))*pitchY/2
		for p, i := range l {
			xy[i] = [2]int{margin + k*pitchX, top + p*pitchY}
		}
	}
	width = 2*margin + len(layers)*pitchX - (pitchX - boxW)
	height = 2*margin + tallest*pitchY - (pitchY - boxH)
	if len(layers) == 0 || tallest == 0 {
		width, height = 2*margin, 2*margin
	}
	return xy, width, height
}

// gridLayout places n nodes without known edges in call order, in a grid
// about twice as wide as tall.
func gridLayout(n int) (xy [][2]int, width, height int) {
	rows := 1
	for rows*rows*2 < n {
		rows++
	}
	cols := (n + rows - 1) / max(rows, 1)
	xy = make([][2]int, n)
	for i := range n {
		xy[i] = [2]int{margin + (i/rows)*pitchX, margin + (i%rows)*pitchY}
	}
	return xy, 2*margin + max(cols*pitchX-(pitchX-boxW), 0), 2*margin + max(min(rows, n)*pitchY-(pitchY-boxH), 0)
}
