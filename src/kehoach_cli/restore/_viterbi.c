/* Compiled inner loop of the restore decoder (kehoach_cli.restore.decoder).
 *
 * Why C: the decoder's work per syllable is a few dozen hash probes and small max/argmax loops; in
 * numpy each of those is an array operation with its own overhead, here it is a handful of machine
 * instructions. The arithmetic is the numpy fallback's, step for step, in float32 and in the same
 * order (build with -ffp-contract=off), so both paths choose the same syllables and give the same
 * confidence inputs; tests/test_restore_native.py checks that.
 *
 * One call decodes every sentence of a document:
 *   decode(tables, cand_ids, cand_chan, unit_start, sent_start, beam, margin,
 *          out_ids, out_k, out_local[, memo])
 * tables: (h2_fp, h2_v, hc_fp, hc_v, h3_fp, h3_v, lbow2, lp1, bos, eos): each hash table as the
 * model stores it (uint32 fingerprints, float16 values read as uint16, converted exactly on a hit; so
 * nothing is copied or converted at start-up), the unigram arrays as float32.
 * cand_ids int64 / cand_chan float32: candidates of all units, unit u owns [unit_start[u], unit_start[u+1]).
 * sent_start int64: sentence s owns units [sent_start[s], sent_start[s+1]).
 * Outputs per unit: chosen vocabulary id (int64), its index among the kept candidates (int64), and
 * `beam` float32 local scores (NEG where the candidate is not in dispute) for the confidence.
 * memo (optional): a zeroed writable buffer of a power of two of 16-byte slots that the caller keeps
 * for these tables and passes to every call (one call at a time), so bigram scores fetched for one
 * document serve the next; without it each call uses a memo of its own.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BITS 20
#define NEG (-1e9f)
#define MAXK 16 /* candidates per unit into the bigram pass */
#define MAXB 8  /* beam into the trigram pass */

static const uint64_t MULT_SLOT = 0x9E3779B97F4A7C15ULL;
static const uint64_t MULT_FP = 0xC2B2AE3D27D4EB4FULL;

/* A hash table: fingerprints and float16 values in two arrays of the same power-of-two length. */
typedef struct {
    const uint32_t *fp;
    const uint16_t *val;
    uint64_t mask;
    int shift;
} Table;

/* IEEE half to float, exactly (every half is a float); what numpy's astype(float32) gives. */
static inline float half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu, bits;
    if (exp == 0x1f) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else if (exp) {
        bits = sign | ((exp + 112u) << 23) | (mant << 13);
    } else if (mant) { /* subnormal half: a normal float */
        uint32_t e = 0;
        while (!(mant & 0x400u)) { mant <<= 1; e++; }
        bits = sign | ((113u - e) << 23) | ((mant & 0x3ffu) << 13);
    } else {
        bits = sign;
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

typedef struct {
    Table h2, hc, h3;
    const float *lbow2, *lp1;
    Py_ssize_t vocab;
    int64_t bos, eos;
} Model;

#define KEY2(u, v) (((uint64_t)(u) << BITS) | (uint64_t)(v))

static inline void prefetch(const Table *t, uint64_t key) {
    uint64_t slot = (key * MULT_SLOT) >> t->shift;
    __builtin_prefetch(&t->fp[slot]);
    __builtin_prefetch(&t->val[slot]);
}

static int lookup(const Table *t, uint64_t key, float *out) {
    uint64_t slot = (key * MULT_SLOT) >> t->shift;
    uint32_t fp = (uint32_t)((key * MULT_FP) >> 32);
    if (fp == 0) fp = 1;
    uint64_t step = (((uint64_t)fp >> 7) | 1) & t->mask;
    for (;;) {
        uint32_t got = t->fp[slot];
        if (got == fp) {
            *out = half_to_float(t->val[slot]);
            return 1;
        }
        if (got == 0) return 0;
        slot = (slot + step) & t->mask;
    }
}

static float logprob2(const Model *m, int64_t v, int64_t w) {
    float lp;
    if (lookup(&m->h2, ((uint64_t)v << BITS) | (uint64_t)w, &lp)) return lp;
    return m->lbow2[v] + m->lp1[w];
}

/* Bigram scores already fetched in this call, direct-mapped by key: a document asks for the same
 * pairs again and again, and this small table stays in cache where the model's tables do not. Its
 * size follows the call's candidate count (MEMO_MIN_BITS..MEMO_MAX_BITS): zeroing a table bigger
 * than a short document needs cost more than the lookups it saves. */
#define MEMO_MIN_BITS 10
#define MEMO_MAX_BITS 16
#ifndef MEMO_SPARE_BITS
#define MEMO_SPARE_BITS 2
#endif

typedef struct {
    uint64_t key; /* packed pair + 1; 0 = empty */
    float val;
} MemoSlot;

typedef struct {
    MemoSlot *slot;
    int shift; /* 64 - log2(number of slots) */
} Memo;

static float memo_logprob2(const Model *m, const Memo *memo, int64_t v, int64_t w) {
    uint64_t key = KEY2(v, w);
    MemoSlot *e = &memo->slot[(key * MULT_FP) >> memo->shift];
    if (e->key == key + 1) return e->val;
    e->key = key + 1;
    e->val = logprob2(m, v, w);
    return e->val;
}

/* Backoff weight of the context (u, v), 0 when not kept; returns whether it was kept. Every kept
 * trigram's context is kept (build_model.py: MIN_TRI >= 2), so an unkept context has no trigrams. */
static int context(const Model *m, int64_t u, int64_t v, float *bow) {
    if (lookup(&m->hc, ((uint64_t)u << BITS) | (uint64_t)v, bow)) return 1;
    *bow = 0.0f;
    return 0;
}

/* One lattice position: candidate ids and channel scores (after pruning: kept ones only). */
typedef struct {
    int n;
    int64_t id[MAXK];
    float ch[MAXK];
} Pos;

typedef struct {
    Pos *pos;      /* P positions */
    float *bi;     /* (P-1) x MAXK x MAXK bigram scores, full candidate lists */
    float *kbi;    /* (P-1) x MAXB x MAXB bigram scores of kept candidates */
    float *tri;    /* (P-2) x MAXB^3 trigram scores of kept candidates */
    int8_t *back;  /* P x MAXB x MAXB */
    int *choice;   /* P */
    float *fwd, *bwd; /* P x MAXK */
} Work;

#define BI(w, p, a, b) ((w)->bi[((size_t)(p) * MAXK + (a)) * MAXK + (b)])
#define KBI(w, p, a, b) ((w)->kbi[((size_t)(p) * MAXB + (a)) * MAXB + (b)])
#define TRI(w, p, a, b, c) ((w)->tri[(((size_t)(p) * MAXB + (a)) * MAXB + (b)) * MAXB + (c)])

static int work_alloc(Work *w, Py_ssize_t P) {
    w->pos = malloc(sizeof(Pos) * P);
    w->bi = malloc(sizeof(float) * P * MAXK * MAXK);
    w->kbi = malloc(sizeof(float) * P * MAXB * MAXB);
    w->tri = malloc(sizeof(float) * P * MAXB * MAXB * MAXB);
    w->back = malloc((size_t)P * MAXB * MAXB);
    w->choice = malloc(sizeof(int) * P);
    w->fwd = malloc(sizeof(float) * P * MAXK);
    w->bwd = malloc(sizeof(float) * P * MAXK);
    return w->pos && w->bi && w->kbi && w->tri && w->back && w->choice && w->fwd && w->bwd;
}

static void work_free(Work *w) {
    free(w->pos); free(w->bi); free(w->kbi); free(w->tri); free(w->back); free(w->choice);
    free(w->fwd); free(w->bwd);
}

/* Bigram max-marginal pruning: keep the `beam` best candidates per position (stable order by
 * marginal, best first), then drop those more than `margin` below the position's best. */
static void prune(const Model *m, Work *w, const Memo *memo, int P, int beam, float margin) {
    for (int p = 0; p + 1 < P; p++) {
        const Pos *u = &w->pos[p], *v = &w->pos[p + 1];
        for (int a = 0; a < u->n; a++)
            for (int b = 0; b < v->n; b++) BI(w, p, a, b) = memo_logprob2(m, memo, u->id[a], v->id[b]);
    }
    for (int j = 0; j < w->pos[0].n; j++) w->fwd[j] = w->pos[0].ch[j];
    for (int p = 1; p < P; p++)
        for (int j = 0; j < w->pos[p].n; j++) {
            float best = 0.0f;
            for (int k = 0; k < w->pos[p - 1].n; k++) {
                float s = w->fwd[(p - 1) * MAXK + k] + BI(w, p - 1, k, j);
                if (k == 0 || s > best) best = s;
            }
            w->fwd[p * MAXK + j] = best + w->pos[p].ch[j];
        }
    for (int j = 0; j < w->pos[P - 1].n; j++) w->bwd[(P - 1) * MAXK + j] = w->pos[P - 1].ch[j];
    for (int p = P - 2; p >= 0; p--)
        for (int j = 0; j < w->pos[p].n; j++) {
            float best = 0.0f;
            for (int k = 0; k < w->pos[p + 1].n; k++) {
                float s = w->bwd[(p + 1) * MAXK + k] + BI(w, p, j, k);
                if (k == 0 || s > best) best = s;
            }
            w->bwd[p * MAXK + j] = best + w->pos[p].ch[j];
        }
    int prev_keep[MAXB], prev_n = 0;
    for (int p = 0; p < P; p++) {
        Pos *q = &w->pos[p];
        float marg[MAXK], top = 0.0f;
        int order[MAXK];
        for (int j = 0; j < q->n; j++) {
            marg[j] = (w->fwd[p * MAXK + j] + w->bwd[p * MAXK + j]) - q->ch[j];
            if (j == 0 || marg[j] > top) top = marg[j];
            /* insertion into `order`, descending by marginal, ties keep index order */
            int i = j;
            while (i > 0 && marg[order[i - 1]] < marg[j]) { order[i] = order[i - 1]; i--; }
            order[i] = j;
        }
        float floor_ = top - margin;
        int n = 0;
        while (n < q->n && n < beam && !(marg[order[n]] < floor_)) n++;
        int keep[MAXB];
        int64_t id[MAXB];
        float ch[MAXB];
        for (int k = 0; k < n; k++) { keep[k] = order[k]; id[k] = q->id[order[k]]; ch[k] = q->ch[order[k]]; }
        if (p > 0)
            for (int a = 0; a < prev_n; a++)
                for (int b = 0; b < n; b++) KBI(w, p - 1, a, b) = BI(w, p - 1, prev_keep[a], keep[b]);
        q->n = n;
        for (int k = 0; k < n; k++) { q->id[k] = id[k]; q->ch[k] = ch[k]; prev_keep[k] = keep[k]; }
        prev_n = n;
    }
}

/* Exact trigram Viterbi over the kept candidates; fills w->tri and w->choice. */
static void viterbi(const Model *m, Work *w, int P) {
    for (int p = 0; p + 2 < P; p++) {
        const Pos *u = &w->pos[p], *v = &w->pos[p + 1], *x = &w->pos[p + 2];
        float bow[MAXB][MAXB];
        int kept[MAXB][MAXB];
        for (int a = 0; a < u->n; a++)
            for (int b = 0; b < v->n; b++) prefetch(&m->hc, KEY2(u->id[a], v->id[b]));
        for (int a = 0; a < u->n; a++)
            for (int b = 0; b < v->n; b++) {
                kept[a][b] = context(m, u->id[a], v->id[b], &bow[a][b]);
                if (kept[a][b])
                    for (int c = 0; c < x->n; c++) prefetch(&m->h3, KEY2(KEY2(u->id[a], v->id[b]), x->id[c]));
            }
        for (int a = 0; a < u->n; a++)
            for (int b = 0; b < v->n; b++) {
                uint64_t ctx = KEY2(u->id[a], v->id[b]) << BITS;
                for (int c = 0; c < x->n; c++) {
                    float lp3;
                    TRI(w, p, a, b, c) = kept[a][b] && lookup(&m->h3, ctx | (uint64_t)x->id[c], &lp3)
                                             ? lp3 : bow[a][b] + KBI(w, p + 1, b, c);
                }
            }
    }
    float delta[MAXB][MAXB], next[MAXB][MAXB];
    for (int a = 0; a < w->pos[0].n; a++)
        for (int b = 0; b < w->pos[1].n; b++) delta[a][b] = w->pos[0].ch[a] + w->pos[1].ch[b];
    for (int p = 2; p < P; p++) {
        const Pos *u = &w->pos[p - 2], *v = &w->pos[p - 1], *x = &w->pos[p];
        for (int b = 0; b < v->n; b++)
            for (int c = 0; c < x->n; c++) {
                float best = 0.0f;
                int arg = 0;
                for (int a = 0; a < u->n; a++) {
                    float s = (delta[a][b] + TRI(w, p - 2, a, b, c)) + x->ch[c];
                    if (a == 0 || s > best) { best = s; arg = a; }
                }
                next[b][c] = best;
                w->back[((size_t)p * MAXB + b) * MAXB + c] = (int8_t)arg;
            }
        memcpy(delta, next, sizeof delta);
    }
    const Pos *v = &w->pos[P - 2], *x = &w->pos[P - 1];
    int b = 0, c = 0;
    for (int i = 0; i < v->n; i++)
        for (int j = 0; j < x->n; j++)
            if (delta[i][j] > delta[b][c]) { b = i; c = j; }
    for (int p = P - 1; p >= 2; p--) {
        w->choice[p] = c;
        int a = w->back[((size_t)p * MAXB + b) * MAXB + c];
        c = b;
        b = a;
    }
    w->choice[1] = c;
    w->choice[0] = b;
}

/* Local scores of unit position i's candidates given the chosen neighbours (three trigrams). */
static void local_scores(Work *w, int P, int i, int beam, float *out) {
    const Pos *q = &w->pos[i];
    const int *c = w->choice;
    for (int k = 0; k < beam; k++) out[k] = NEG;
    if (q->n < 2) return;
    for (int k = 0; k < q->n; k++) {
        float s = TRI(w, i - 2, c[i - 2], c[i - 1], k);
        s = s + TRI(w, i - 1, c[i - 1], k, c[i + 1]);
        if (i + 2 < P) s = s + TRI(w, i, k, c[i + 1], c[i + 2]);
        out[k] = s + q->ch[k];
    }
}

/* Table from its fingerprint and value arrays (two buffers, taken into b[0] and b[1]). */
static int table_from(PyObject *fp, PyObject *val, Py_buffer *b, int *nb, Table *t) {
    if (PyObject_GetBuffer(fp, &b[0], PyBUF_C_CONTIGUOUS) < 0) return 0;
    (*nb)++;
    if (PyObject_GetBuffer(val, &b[1], PyBUF_C_CONTIGUOUS) < 0) return 0;
    (*nb)++;
    Py_ssize_t size = b[0].len / (Py_ssize_t)sizeof(uint32_t);
    if (size == 0 || (size & (size - 1)) || b[1].len != size * (Py_ssize_t)sizeof(uint16_t)) {
        PyErr_SetString(PyExc_ValueError, "hash table: a power of two of uint32 fingerprints and as many float16 values");
        return 0;
    }
    int log2 = 0;
    while (((Py_ssize_t)1 << log2) < size) log2++;
    t->fp = b[0].buf; t->val = b[1].buf; t->mask = (uint64_t)size - 1; t->shift = 64 - log2;
    return 1;
}

static PyObject *decode(PyObject *self, PyObject *args) {
    PyObject *tables, *o_ids, *o_chan, *o_us, *o_ss, *o_oid, *o_ok, *o_ol, *o_memo = NULL;
    int beam;
    float margin;
    if (!PyArg_ParseTuple(args, "O!OOOOifOOO|O", &PyTuple_Type, &tables, &o_ids, &o_chan, &o_us, &o_ss,
                          &beam, &margin, &o_oid, &o_ok, &o_ol, &o_memo))
        return NULL;
    if (PyTuple_GET_SIZE(tables) != 10 || beam < 1 || beam > MAXB) {
        PyErr_SetString(PyExc_ValueError, "decode: need 10 model table entries and 1 <= beam <= 8");
        return NULL;
    }
    Py_buffer buf[16];
    int nb = 0, ok = 0;
    Model m;
    Work w = {0};
    Memo memo = {NULL, 0};
    PyObject *res = NULL;
#define GET(obj, flags) (PyObject_GetBuffer((obj), &buf[nb], (flags)) < 0 ? 0 : (nb++, 1))
    if (!table_from(PyTuple_GET_ITEM(tables, 0), PyTuple_GET_ITEM(tables, 1), &buf[nb], &nb, &m.h2)) goto done;
    if (!table_from(PyTuple_GET_ITEM(tables, 2), PyTuple_GET_ITEM(tables, 3), &buf[nb], &nb, &m.hc)) goto done;
    if (!table_from(PyTuple_GET_ITEM(tables, 4), PyTuple_GET_ITEM(tables, 5), &buf[nb], &nb, &m.h3)) goto done;
    if (!GET(PyTuple_GET_ITEM(tables, 6), PyBUF_C_CONTIGUOUS)) goto done;
    if (!GET(PyTuple_GET_ITEM(tables, 7), PyBUF_C_CONTIGUOUS)) goto done;
    m.lbow2 = buf[nb - 2].buf; m.lp1 = buf[nb - 1].buf; m.vocab = buf[nb - 1].len / 4;
    if (buf[nb - 2].len != buf[nb - 1].len) { PyErr_SetString(PyExc_ValueError, "decode: lbow2 and lp1 differ in length"); goto done; }
    m.bos = PyLong_AsLongLong(PyTuple_GET_ITEM(tables, 8));
    m.eos = PyLong_AsLongLong(PyTuple_GET_ITEM(tables, 9));
    if (PyErr_Occurred()) goto done;
    if (!GET(o_ids, PyBUF_C_CONTIGUOUS) || !GET(o_chan, PyBUF_C_CONTIGUOUS) || !GET(o_us, PyBUF_C_CONTIGUOUS)
        || !GET(o_ss, PyBUF_C_CONTIGUOUS) || !GET(o_oid, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS)
        || !GET(o_ok, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) || !GET(o_ol, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS))
        goto done;
    const int64_t *ids = buf[8].buf, *us = buf[10].buf, *ss = buf[11].buf;
    const float *chan = buf[9].buf;
    int64_t *out_id = buf[12].buf, *out_k = buf[13].buf;
    float *out_local = buf[14].buf;
    Py_ssize_t n_units = buf[10].len / 8 - 1, n_sents = buf[11].len / 8 - 1, n_cands = buf[8].len / 8;
    if (n_units < 0 || n_sents < 0 || buf[9].len / 4 != n_cands || buf[12].len / 8 != n_units
        || buf[13].len / 8 != n_units || buf[14].len / 4 != n_units * beam) {
        PyErr_SetString(PyExc_ValueError, "decode: array sizes disagree");
        goto done;
    }
    if (n_sents > 0 && (ss[0] != 0 || ss[n_sents] != n_units)) {
        PyErr_SetString(PyExc_ValueError, "decode: sentences must cover every unit");
        goto done;
    }
    Py_ssize_t longest = 0;
    for (Py_ssize_t s = 0; s < n_sents; s++) {
        if (ss[s + 1] < ss[s] || ss[s + 1] > n_units) { PyErr_SetString(PyExc_ValueError, "decode: bad sentence offsets"); goto done; }
        if (ss[s + 1] - ss[s] > longest) longest = ss[s + 1] - ss[s];
    }
    for (Py_ssize_t u = 0; u < n_units; u++) {
        Py_ssize_t n = us[u + 1] - us[u];
        if (n < 1 || n > MAXK || us[u + 1] > n_cands) { PyErr_SetString(PyExc_ValueError, "decode: 1..16 candidates per unit"); goto done; }
        int live = 0;
        for (Py_ssize_t k = us[u]; k < us[u + 1]; k++) {
            if (ids[k] < 0 || ids[k] >= m.vocab) { PyErr_SetString(PyExc_ValueError, "decode: candidate id out of range"); goto done; }
            live += chan[k] > NEG / 2;
        }
        if (!live) { PyErr_SetString(PyExc_ValueError, "decode: a unit without a live candidate"); goto done; }
    }
    if (o_memo) {
        if (!GET(o_memo, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS)) goto done;
        Py_ssize_t slots = buf[nb - 1].len / (Py_ssize_t)sizeof(MemoSlot);
        int bits = 0;
        while (((Py_ssize_t)1 << bits) < slots) bits++;
        if (slots < 1 || ((Py_ssize_t)1 << bits) != slots || buf[nb - 1].len != slots * (Py_ssize_t)sizeof(MemoSlot)) {
            PyErr_SetString(PyExc_ValueError, "decode: memo must be a power of two of 16-byte slots");
            goto done;
        }
        memo.slot = buf[nb - 1].buf;
        memo.shift = 64 - bits;
    } else {
        int bits = MEMO_MIN_BITS;
        while (bits < MEMO_MAX_BITS && ((Py_ssize_t)1 << bits) < (n_cands << MEMO_SPARE_BITS)) bits++;
        memo.slot = calloc((size_t)1 << bits, sizeof(MemoSlot));
        memo.shift = 64 - bits;
    }
    if (!memo.slot || !work_alloc(&w, longest + 3)) { PyErr_NoMemory(); goto done; }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t s = 0; s < n_sents; s++) {
        int n = (int)(ss[s + 1] - ss[s]), P = n + 3;
        if (n == 0) continue;
        for (int p = 0; p < 2; p++) { w.pos[p].n = 1; w.pos[p].id[0] = m.bos; w.pos[p].ch[0] = 0.0f; }
        w.pos[P - 1].n = 1; w.pos[P - 1].id[0] = m.eos; w.pos[P - 1].ch[0] = 0.0f;
        for (int i = 0; i < n; i++) {
            Py_ssize_t u = ss[s] + i;
            Pos *q = &w.pos[i + 2];
            q->n = 0;
            for (Py_ssize_t k = us[u]; k < us[u + 1]; k++)
                if (chan[k] > NEG / 2) { q->id[q->n] = ids[k]; q->ch[q->n] = chan[k]; q->n++; }
        }
        prune(&m, &w, &memo, P, beam, margin);
        viterbi(&m, &w, P);
        for (int i = 0; i < n; i++) {
            Py_ssize_t u = ss[s] + i;
            out_k[u] = w.choice[i + 2];
            out_id[u] = w.pos[i + 2].id[w.choice[i + 2]];
            local_scores(&w, P, i + 2, beam, out_local + u * beam);
        }
    }
    Py_END_ALLOW_THREADS
    ok = 1;
done:
    work_free(&w);
    if (!o_memo) free(memo.slot);
    for (int i = 0; i < nb; i++) PyBuffer_Release(&buf[i]);
    if (ok) { res = Py_None; Py_INCREF(res); }
    return res;
#undef GET
}

static inline int is_symbol(Py_UCS4 ch, int kind, const void *data, Py_ssize_t n) {
    for (Py_ssize_t k = 0; k < n; k++)
        if (PyUnicode_READ(kind, data, k) == ch) return 1;
    return 0;
}

/* split_words(text, symbols) -> (gaps, words): the runs of word characters (Unicode letters and
 * digits, as the regex class [^\W_] reads them, and the characters of `symbols`) and the text around
 * them, as re.split with the word pattern in a group gives them (tokens.split_text; no protected spans
 * here). One pass over the code points instead of the regex engine. */
static PyObject *split_words(PyObject *self, PyObject *args) {
    PyObject *text, *symbols;
    if (!PyArg_ParseTuple(args, "UU", &text, &symbols)) return NULL;
    if (PyUnicode_READY(text) < 0 || PyUnicode_READY(symbols) < 0) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), n_sym = PyUnicode_GET_LENGTH(symbols);
    int kind = PyUnicode_KIND(text), sym_kind = PyUnicode_KIND(symbols);
    const void *data = PyUnicode_DATA(text), *sym_data = PyUnicode_DATA(symbols);
    PyObject *gaps = PyList_New(0), *words = PyList_New(0), *piece = NULL;
    if (!gaps || !words) goto fail;
#define IS_WORD(ch) (((ch) < 128 ? Py_ISALNUM(ch) : Py_UNICODE_ISALNUM(ch)) || is_symbol((ch), sym_kind, sym_data, n_sym))
    Py_ssize_t i = 0, gap_start = 0;
    while (i < n) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (!IS_WORD(ch)) { i++; continue; }
        Py_ssize_t start = i;
        for (i++; i < n; i++) {
            ch = PyUnicode_READ(kind, data, i);
            if (!IS_WORD(ch)) break;
        }
        if (!(piece = PyUnicode_Substring(text, gap_start, start)) || PyList_Append(gaps, piece) < 0) goto fail;
        Py_DECREF(piece);
        if (!(piece = PyUnicode_Substring(text, start, i)) || PyList_Append(words, piece) < 0) goto fail;
        Py_DECREF(piece);
        piece = NULL;
        gap_start = i;
    }
#undef IS_WORD
    if (!(piece = PyUnicode_Substring(text, gap_start, n)) || PyList_Append(gaps, piece) < 0) goto fail;
    Py_DECREF(piece);
    return Py_BuildValue("(NN)", gaps, words);
fail:
    Py_XDECREF(piece);
    Py_XDECREF(gaps);
    Py_XDECREF(words);
    return NULL;
}

/* edit_score(obs, true, memo, char_lp, insert, delete) -> float: the best weighted alignment of
 * two strings, as CandidateGenerator.edit_score computes it in Python (same double arithmetic, same
 * order, first of equal values kept). memo: dict from the two-character string o + t to
 * log P(o | t), filled by calling char_lp(o, t) on a miss. */
static PyObject *edit_score(PyObject *self, PyObject *args) {
    PyObject *obs, *tru, *memo, *char_lp;
    double ins, del;
    if (!PyArg_ParseTuple(args, "UUO!Odd", &obs, &tru, &PyDict_Type, &memo, &char_lp, &ins, &del)) return NULL;
    if (PyUnicode_READY(obs) < 0 || PyUnicode_READY(tru) < 0) return NULL;
    Py_ssize_t m = PyUnicode_GET_LENGTH(obs), n = PyUnicode_GET_LENGTH(tru);
    int ok_kind = PyUnicode_KIND(obs), t_kind = PyUnicode_KIND(tru);
    const void *o_data = PyUnicode_DATA(obs), *t_data = PyUnicode_DATA(tru);
    double *prev = PyMem_Malloc(sizeof(double) * 2 * (size_t)(n + 1));
    if (!prev) return PyErr_NoMemory();
    double *cur = prev + n + 1;
    PyObject *res = NULL;
    for (Py_ssize_t j = 0; j <= n; j++) prev[j] = (double)j * del;
    for (Py_ssize_t i = 1; i <= m; i++) {
        Py_UCS4 o = PyUnicode_READ(ok_kind, o_data, i - 1);
        double left = (double)i * ins, diag = prev[0];
        cur[0] = left;
        for (Py_ssize_t j = 1; j <= n; j++) {
            Py_UCS4 t = PyUnicode_READ(t_kind, t_data, j - 1);
            Py_UCS4 pair[2] = {o, t};
            PyObject *key = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, pair, 2);
            if (!key) goto done;
            PyObject *val = PyDict_GetItemWithError(memo, key); /* borrowed */
            double lp;
            if (val) {
                lp = PyFloat_AsDouble(val);
            } else if (PyErr_Occurred()) {
                Py_DECREF(key);
                goto done;
            } else {
                PyObject *os = PyUnicode_FromOrdinal(o), *ts = PyUnicode_FromOrdinal(t);
                PyObject *got = os && ts ? PyObject_CallFunctionObjArgs(char_lp, os, ts, NULL) : NULL;
                Py_XDECREF(os);
                Py_XDECREF(ts);
                if (!got || PyDict_SetItem(memo, key, got) < 0) { Py_XDECREF(got); Py_DECREF(key); goto done; }
                lp = PyFloat_AsDouble(got);
                Py_DECREF(got);
            }
            Py_DECREF(key);
            if (lp == -1.0 && PyErr_Occurred()) goto done;
            double up = prev[j], best = diag + lp;
            if (up + ins > best) best = up + ins;
            if (left + del > best) best = left + del;
            cur[j] = best;
            left = best;
            diag = up;
        }
        double *swap = prev; prev = cur; cur = swap;
    }
    res = PyFloat_FromDouble(prev[n]);
done:
    PyMem_Free(prev < cur ? prev : cur);
    return res;
}

static PyMethodDef methods[] = {
    {"decode", decode, METH_VARARGS, "Prune, trigram-Viterbi-decode and score every sentence of a document."},
    {"edit_score", edit_score, METH_VARARGS, "Weighted alignment score of two strings (CandidateGenerator.edit_score)."},
    {"split_words", split_words, METH_VARARGS, "(gaps, words) of a text without protected spans (tokens.split_text)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_viterbi", "Compiled restore decoder loop.", -1, methods};

PyMODINIT_FUNC PyInit__viterbi(void) { return PyModule_Create(&module); }
