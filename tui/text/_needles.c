/* Where each of a few needles stands in a long bytes object, in one pass over it.
 *
 * Finding a page's donation-appeal cues (tui/text/boilerplate.py) searched the page once per cue word:
 * fourteen passes over 5 MB of news, 40 ms. Here each position is tested once against the needles'
 * first two bytes (a bitmap of 65,536), and only a position that begins one of them is compared. The
 * pass runs with the interpreter released: the reader's keys are answered while a long page is read.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#define PAIRS (1 << 16)

static inline unsigned pair_at(const unsigned char *at) { return (unsigned)at[0] << 8 | at[1]; }

typedef struct {
    const unsigned char *bytes;
    Py_ssize_t size;
} Needle;

/* Where a needle was found: its position, and which needle. */
typedef struct {
    Py_ssize_t position;
    Py_ssize_t needle;
} Hit;

typedef struct {
    Hit *hits;
    size_t count, capacity;
} Hits;

/* Every needle at every position of the text, in order of position; -1 where memory ran out. Touches no
 * Python object: it runs with the interpreter released. */
static int scan(const unsigned char *text, Py_ssize_t length, const Needle *needles, Py_ssize_t count,
                const unsigned char *first_pairs, const unsigned char *single, Hits *found) {
    for (Py_ssize_t i = 0; i < length; i++) {
        int begins_pair = i + 1 < length && first_pairs[pair_at(text + i) >> 3] & (1 << (pair_at(text + i) & 7));
        if (!begins_pair && !single[text[i]]) continue;
        for (Py_ssize_t n = 0; n < count; n++) {
            const Needle *needle = needles + n;
            if (text[i] != needle->bytes[0] || needle->size > length - i ||
                memcmp(text + i, needle->bytes, needle->size) != 0)
                continue;
            if (found->count == found->capacity) {
                size_t capacity = found->capacity ? found->capacity * 2 : 256;
                Hit *hits = PyMem_RawRealloc(found->hits, capacity * sizeof(Hit));
                if (hits == NULL) return -1;
                found->hits = hits;
                found->capacity = capacity;
            }
            found->hits[found->count++] = (Hit){i, n};
        }
    }
    return 0;
}

PyDoc_STRVAR(starts_doc,
             "starts(haystack, needles) -> list[list[int]]\n\n"
             "For each needle (bytes, none empty), every position where it stands in haystack, in order,\n"
             "overlapping ones included: what repeated haystack.find(needle, position + 1) gives. Made for\n"
             "a few short needles: each is compared whole where its first two bytes stand.");

static PyObject *starts(PyObject *module, PyObject *args) {
    Py_buffer haystack;
    PyObject *needles_given;
    if (!PyArg_ParseTuple(args, "y*O:starts", &haystack, &needles_given)) return NULL;
    PyObject *result = NULL;
    Needle *needles = NULL;
    unsigned char *first_pairs = NULL, *single = NULL;
    Hits found = {NULL, 0, 0};
    /* A tuple of our own, kept to the end: the needles' bytes are read with the interpreter released,
     * when another thread may change the sequence given. */
    PyObject *listed = PySequence_Tuple(needles_given);
    if (listed == NULL) goto done;
    Py_ssize_t count = PyTuple_GET_SIZE(listed);
    needles = PyMem_Calloc(count ? count : 1, sizeof(Needle));
    /* A bit for each pair of bytes that begins a needle; a byte alone for a needle of one byte. */
    first_pairs = PyMem_Calloc(PAIRS / 8, 1);
    single = PyMem_Calloc(256, 1);
    if (needles == NULL || first_pairs == NULL || single == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t n = 0; n < count; n++) {
        PyObject *needle = PyTuple_GET_ITEM(listed, n);
        if (!PyBytes_Check(needle) || PyBytes_GET_SIZE(needle) == 0) {
            PyErr_SetString(PyExc_TypeError, "needles must be bytes, none empty");
            goto done;
        }
        needles[n] = (Needle){(const unsigned char *)PyBytes_AS_STRING(needle), PyBytes_GET_SIZE(needle)};
        if (needles[n].size == 1)
            single[needles[n].bytes[0]] = 1;
        else
            first_pairs[pair_at(needles[n].bytes) >> 3] |= 1 << (pair_at(needles[n].bytes) & 7);
    }
    int scanned;
    Py_BEGIN_ALLOW_THREADS
    scanned = scan(haystack.buf, haystack.len, needles, count, first_pairs, single, &found);
    Py_END_ALLOW_THREADS
    if (scanned < 0) {
        PyErr_NoMemory();
        goto done;
    }
    result = PyList_New(count);
    if (result == NULL) goto done;
    for (Py_ssize_t n = 0; n < count; n++) {
        PyObject *positions = PyList_New(0);
        if (positions == NULL) goto failed;
        PyList_SET_ITEM(result, n, positions);
    }
    for (size_t h = 0; h < found.count; h++) {
        PyObject *position = PyLong_FromSsize_t(found.hits[h].position);
        int appended = position == NULL ? -1 : PyList_Append(PyList_GET_ITEM(result, found.hits[h].needle), position);
        Py_XDECREF(position);
        if (appended < 0) goto failed;
    }
    goto done;
failed:
    Py_CLEAR(result);
done:
    PyMem_RawFree(found.hits);
    PyMem_Free(needles);
    PyMem_Free(first_pairs);
    PyMem_Free(single);
    Py_XDECREF(listed);
    PyBuffer_Release(&haystack);
    return result;
}

static PyMethodDef needles_methods[] = {
    {"starts", starts, METH_VARARGS, starts_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef needles_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "tui.text._needles",
    .m_doc = "Where each of a few needles stands in a long bytes object, in one pass, in compiled code.",
    .m_size = -1,
    .m_methods = needles_methods,
};

PyMODINIT_FUNC PyInit__needles(void) { return PyModule_Create(&needles_module); }
