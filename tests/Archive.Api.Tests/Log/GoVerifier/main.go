// goverify checks the archive's transparency log with Go's own implementation of signed notes and Merkle trees
// (golang.org/x/mod/sumdb/note and tlog), which this project did not write. The C# tests run it; it prints what it
// verified and exits 0, or prints why it refused and exits 1.
//
//	goverify checkpoint URL                 fetch the key and checkpoint, open the note, print "size root"
//	goverify receipt FILE                   check a receipt offline (signature, then the entry's inclusion proof)
//	goverify consistency URL OLD [PROOF]    check that the log's checkpoint extends the checkpoint in file OLD
//	goverify follow URL                     rebuild the tree from the tlog-tiles resources and check entries and proofs
package main

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Println("REFUSED:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 2 {
		return errors.New("usage: goverify checkpoint|receipt|consistency|follow ...")
	}
	switch args[0] {
	case "checkpoint":
		tree, _, err := fetchCheckpoint(args[1])
		if err != nil {
			return err
		}
		fmt.Printf("%d %s\n", tree.N, tree.Hash)
		return nil
	case "receipt":
		return checkReceipt(args[1])
	case "consistency":
		proofFile := ""
		if len(args) > 3 {
			proofFile = args[3]
		}
		return checkConsistency(args[1], args[2], proofFile)
	case "follow":
		return follow(args[1])
	}
	return fmt.Errorf("unknown command %q", args[0])
}

// openCheckpoint verifies a checkpoint note with the verifier key and parses origin, size and root hash.
func openCheckpoint(vkey string, msg []byte) (tlog.Tree, error) {
	verifier, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("verifier key: %v", err)
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("checkpoint note: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != verifier.Name() {
		return tlog.Tree{}, fmt.Errorf("checkpoint text %q is not origin/size/hash of %s", n.Text, verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return tlog.Tree{}, fmt.Errorf("checkpoint size %q", lines[1])
	}
	hash, err := tlog.ParseHash(lines[2])
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("checkpoint root: %v", err)
	}
	return tlog.Tree{N: size, Hash: hash}, nil
}

func get(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return body, nil
}

func fetchCheckpoint(base string) (tlog.Tree, string, error) {
	vkey, err := get(base + "/api/log/key")
	if err != nil {
		return tlog.Tree{}, "", err
	}
	msg, err := get(base + "/api/log/checkpoint")
	if err != nil {
		return tlog.Tree{}, "", err
	}
	tree, err := openCheckpoint(string(vkey), msg)
	return tree, string(vkey), err
}

func hashes(list []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		h, err := tlog.ParseHash(s)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

type receipt struct {
	Entry       string   `json:"entry"`
	Index       int64    `json:"index"`
	TreeSize    int64    `json:"treeSize"`
	Inclusion   []string `json:"inclusion"`
	Checkpoint  string   `json:"checkpoint"`
	VerifierKey string   `json:"verifierKey"`
}

func checkReceipt(file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var r receipt
	if err := json.Unmarshal(data, &r); err != nil {
		return err
	}
	tree, err := openCheckpoint(r.VerifierKey, []byte(r.Checkpoint))
	if err != nil {
		return err
	}
	if tree.N != r.TreeSize {
		return fmt.Errorf("proof for size %d, checkpoint of size %d", r.TreeSize, tree.N)
	}
	entry, err := base64.StdEncoding.DecodeString(r.Entry)
	if err != nil {
		return err
	}
	proof, err := hashes(r.Inclusion)
	if err != nil {
		return err
	}
	if err := tlog.CheckRecord(proof, tree.N, tree.Hash, r.Index, tlog.RecordHash(entry)); err != nil {
		return fmt.Errorf("inclusion of entry %d in tree %d: %v", r.Index, tree.N, err)
	}
	fmt.Printf("entry %d is in the signed tree of %d\n", r.Index, tree.N)
	return nil
}

type consistency struct {
	From   int64    `json:"from"`
	To     int64    `json:"to"`
	Hashes []string `json:"hashes"`
}

func checkConsistency(base, oldFile, proofFile string) error {
	current, vkey, err := fetchCheckpoint(base)
	if err != nil {
		return err
	}
	oldMsg, err := os.ReadFile(oldFile)
	if err != nil {
		return err
	}
	old, err := openCheckpoint(vkey, oldMsg)
	if err != nil {
		return err
	}
	var body []byte
	if proofFile != "" {
		body, err = os.ReadFile(proofFile)
	} else {
		body, err = get(fmt.Sprintf("%s/api/log/proofs/consistency?from=%d&to=%d", base, old.N, current.N))
	}
	if err != nil {
		return err
	}
	var c consistency
	if err := json.Unmarshal(body, &c); err != nil {
		return err
	}
	proof, err := hashes(c.Hashes)
	if err != nil {
		return err
	}
	if err := tlog.CheckTree(proof, current.N, current.Hash, old.N, old.Hash); err != nil {
		return fmt.Errorf("tree %d does not extend tree %d: %v", current.N, old.N, err)
	}
	fmt.Printf("tree %d extends tree %d\n", current.N, old.N)
	return nil
}

// tiles reads C2SP tlog-tiles resources over HTTP: Go's tile paths carry the height (tile/8/L/N), C2SP's do not.
type tiles struct{ base string }

func (t tiles) Height() int { return 8 }

func (t tiles) ReadTiles(list []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(list))
	for i, tile := range list {
		data, err := get(t.base + "/api/log/" + strings.Replace(tile.Path(), "tile/8/", "tile/", 1))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (t tiles) SaveTiles([]tlog.Tile, [][]byte) {}

func follow(base string) error {
	tree, _, err := fetchCheckpoint(base)
	if err != nil {
		return err
	}
	// TileHashReader checks every tile it reads against the signed root hash.
	reader := tlog.TileHashReader(tree, tiles{base})
	root, err := tlog.TreeHash(tree.N, reader)
	if err != nil || root != tree.Hash {
		return fmt.Errorf("the tiles do not rebuild the signed root: %v", err)
	}
	for start := int64(0); start < tree.N; start += 256 {
		width := tree.N - start
		path := fmt.Sprintf("%s/api/log/tile/entries/%s", base, strings.TrimPrefix(tlog.Tile{H: 8, L: 0, N: start / 256, W: 256}.Path(), "tile/8/0/"))
		if width < 256 {
			path = fmt.Sprintf("%s/api/log/tile/entries/%s", base, strings.TrimPrefix(tlog.Tile{H: 8, L: 0, N: start / 256, W: int(width)}.Path(), "tile/8/0/"))
		} else {
			width = 256
		}
		bundle, err := get(path)
		if err != nil {
			return err
		}
		for i := int64(0); i < width; i++ {
			if len(bundle) < 2 || len(bundle) < 2+int(binary.BigEndian.Uint16(bundle)) {
				return fmt.Errorf("entry bundle %s is cut short at entry %d", path, start+i)
			}
			size := int(binary.BigEndian.Uint16(bundle))
			entry := bundle[2 : 2+size]
			bundle = bundle[2+size:]
			stored, err := reader.ReadHashes([]int64{tlog.StoredHashIndex(0, start+i)})
			if err != nil {
				return err
			}
			if tlog.RecordHash(entry) != stored[0] {
				return fmt.Errorf("entry %d in the bundle does not hash to its leaf", start+i)
			}
		}
		if len(bundle) != 0 {
			return fmt.Errorf("entry bundle %s has %d bytes too many", path, len(bundle))
		}
	}
	// The log's own proofs must be the ones Go derives from the tiles.
	for n := int64(0); n < tree.N; n += 1 + tree.N/7 {
		body, err := get(fmt.Sprintf("%s/api/log/proofs/inclusion?index=%d&treeSize=%d", base, n, tree.N))
		if err != nil {
			return err
		}
		var served struct{ Hashes []string }
		if err := json.Unmarshal(body, &served); err != nil {
			return err
		}
		mine, err := tlog.ProveRecord(tree.N, n, reader)
		if err != nil {
			return err
		}
		if err := same(fmt.Sprintf("inclusion proof of %d", n), served.Hashes, mine); err != nil {
			return err
		}
		if n > 0 {
			body, err = get(fmt.Sprintf("%s/api/log/proofs/consistency?from=%d&to=%d", base, n, tree.N))
			if err != nil {
				return err
			}
			var c consistency
			if err := json.Unmarshal(body, &c); err != nil {
				return err
			}
			derived, err := tlog.ProveTree(tree.N, n, reader)
			if err != nil {
				return err
			}
			if err := same(fmt.Sprintf("consistency proof from %d", n), c.Hashes, derived); err != nil {
				return err
			}
		}
	}
	fmt.Printf("followed %d entries through the tiles\n", tree.N)
	return nil
}

// same checks that the proof the log served is the one Go derived from the tiles.
func same(what string, served []string, derived []tlog.Hash) error {
	if len(served) != len(derived) {
		return fmt.Errorf("%s: %d hashes served, %d derived", what, len(served), len(derived))
	}
	for i := range derived {
		if derived[i].String() != served[i] {
			return fmt.Errorf("%s differs at hash %d", what, i)
		}
	}
	return nil
}
