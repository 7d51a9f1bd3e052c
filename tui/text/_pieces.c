/* Pieces of text between white space, numbered as first met: the step of tokenising an article that
 * the interpreter cannot do fast (see tui/text/token_batch.py, whose Python numbering gives the same).
 *
 * A piece is a run of characters between white space once a typographic apostrophe (U+2019) reads as
 * a plain one and an underscore as a blank: what str.replace("\u2019", "'").replace("_", " ").split()
 * gives. In Python, a 5 MB article's 800,000 pieces each become a string, are hashed and looked up in a
 * dict: a fifth of scoring it. Here each character is read once, a piece is looked up by its code
 * points in a table of its own, and a string is made only for each distinct piece (a few tens of
 * thousands).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define APOSTROPHE 0x2019
#define FIRST_SLOTS 1024

/* A piece's number + 1 (0 where the slot is free) beside the high half of its hash, which the slot
 * does not tell: a look-up reads one small slot, and a piece only where the hash matches. */
typedef struct {
    uint32_t number;
    uint32_t tag;
} Slot;

typedef struct {
    PyObject_HEAD
    PyObject *pieces;   /* list of str: the distinct pieces, in the order first met */
    uint64_t *hashes;   /* of each distinct piece, to place it again when the slots grow */
    Slot *slots;        /* open addressing */
    size_t slot_count;  /* a power of two, kept at least twice the pieces */
} Numbering;

/* The piece's characters as the split sees them. */
static inline Py_UCS4 seen(Py_UCS4 c) { return c == APOSTROPHE ? '\'' : c; }

static inline uint64_t mixed(uint64_t hash, Py_UCS4 c) { return (hash ^ c) * 0x100000001b3ULL; }

/* The low bits of an FNV-1a hash, which pick the slot, depend on the low bits of the characters alone. */
static inline uint64_t finished(uint64_t hash) {
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    return hash ^ (hash >> 33);
}

static int same_piece(PyObject *piece, int kind, const void *data, Py_ssize_t start, Py_ssize_t length) {
    if (PyUnicode_GET_LENGTH(piece) != length) return 0;
    int piece_kind = PyUnicode_KIND(piece);
    const void *piece_data = PyUnicode_DATA(piece);
    if (piece_kind == kind && memcmp(piece_data, (const char *)data + start * kind, length * kind) == 0) return 1;
    for (Py_ssize_t i = 0; i < length; i++) {
        if (PyUnicode_READ(piece_kind, piece_data, i) != seen(PyUnicode_READ(kind, data, start + i))) return 0;
    }
    return 1;
}

static int grow(Numbering *self) {
    size_t slot_count = self->slot_count * 2;
    if (slot_count > (size_t)UINT32_MAX) return -1;
    Slot *slots = PyMem_Calloc(slot_count, sizeof(Slot));
    if (slots == NULL) return -1;
    Py_ssize_t count = PyList_GET_SIZE(self->pieces);
    for (Py_ssize_t number = 0; number < count; number++) {
        size_t slot = self->hashes[number] & (slot_count - 1);
        while (slots[slot].number) slot = (slot + 1) & (slot_count - 1);
        slots[slot] = (Slot){(uint32_t)(number + 1), (uint32_t)(self->hashes[number] >> 32)};
    }
    uint64_t *hashes = PyMem_Realloc(self->hashes, slot_count / 2 * sizeof(uint64_t));
    if (hashes == NULL) {
        PyMem_Free(slots);
        return -1;
    }
    PyMem_Free(self->slots);
    self->slots = slots;
    self->hashes = hashes;
    self->slot_count = slot_count;
    return 0;
}

/* The number of the piece text[start:start + length], numbered anew if first met; -1 on error. */
static Py_ssize_t number_of(Numbering *self, int kind, const void *data, Py_ssize_t start, Py_ssize_t length,
                            uint64_t hash) {
    size_t mask = self->slot_count - 1;
    size_t slot = hash & mask;
    uint32_t tag = (uint32_t)(hash >> 32);
    while (self->slots[slot].number) {
        Py_ssize_t number = self->slots[slot].number - 1;
        if (self->slots[slot].tag == tag &&
            same_piece(PyList_GET_ITEM(self->pieces, number), kind, data, start, length))
            return number;
        slot = (slot + 1) & mask;
    }
    Py_ssize_t number = PyList_GET_SIZE(self->pieces);
    PyObject *piece = PyUnicode_FromKindAndData(kind, (const char *)data + start * kind, length);
    if (piece != NULL && kind != PyUnicode_1BYTE_KIND && PyUnicode_FindChar(piece, APOSTROPHE, 0, length, 1) >= 0) {
        PyObject *apostrophe = PyUnicode_FromOrdinal(APOSTROPHE), *plain = PyUnicode_FromOrdinal('\'');
        PyObject *replaced = apostrophe && plain ? PyUnicode_Replace(piece, apostrophe, plain, -1) : NULL;
        Py_XDECREF(apostrophe);
        Py_XDECREF(plain);
        Py_SETREF(piece, replaced);
    }
    if (piece == NULL) return -1;
    int appended = PyList_Append(self->pieces, piece);
    Py_DECREF(piece);
    if (appended < 0) return -1;
    self->hashes[number] = hash;
    self->slots[slot] = (Slot){(uint32_t)(number + 1), tag};
    if ((size_t)(number + 1) * 2 >= self->slot_count && grow(self) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    return number;
}

typedef struct {
    int64_t *numbers;
    Py_ssize_t count, capacity;
} Output;

static int put(Output *out, Py_ssize_t number) {
    if (out->count == out->capacity) {
        Py_ssize_t capacity = out->capacity ? out->capacity * 2 : 1024;
        int64_t *numbers = PyMem_Realloc(out->numbers, capacity * sizeof(int64_t));
        if (numbers == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        out->numbers = numbers;
        out->capacity = capacity;
    }
    out->numbers[out->count++] = number;
    return 0;
}

/* ASCII white space as str.split() sees it, and the underscore, which is blanked. */
static unsigned char ascii_blank[128];

static inline int is_blank(Py_UCS4 c) { return c < 128 ? ascii_blank[c] : Py_UNICODE_ISSPACE(c); }

/* The pieces of one text, its characters read as CHARACTER (one loop per width of str). */
#define NUMBER_PIECES(CHARACTER)                                                                   \
    do {                                                                                           \
        const CHARACTER *characters = data;                                                        \
        Py_ssize_t i = 0;                                                                          \
        while (i < length) {                                                                       \
            while (i < length && is_blank(characters[i])) i++;                                     \
            if (i == length) break;                                                                \
            Py_ssize_t start = i;                                                                  \
            uint64_t hash = 0xcbf29ce484222325ULL;                                                 \
            while (i < length && !is_blank(characters[i])) hash = mixed(hash, seen(characters[i++])); \
            Py_ssize_t number = number_of(self, kind, data, start, i - start, finished(hash));               \
            if (number < 0 || put(out, number) < 0) return -1;                                     \
        }                                                                                          \
    } while (0)

static int number_pieces_of(Numbering *self, PyObject *text, Output *out) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "texts must be str");
        return -1;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (kind == PyUnicode_1BYTE_KIND)
        NUMBER_PIECES(Py_UCS1);
    else if (kind == PyUnicode_2BYTE_KIND)
        NUMBER_PIECES(Py_UCS2);
    else
        NUMBER_PIECES(Py_UCS4);
    return 0;
}

PyDoc_STRVAR(number_doc,
             "number(texts, separator) -> bytes\n\n"
             "The number of each piece of each text, each text followed by the separator's pieces, as native\n"
             "int64s; pieces first met are numbered on from those met before.");

static PyObject *Numbering_number(Numbering *self, PyObject *args) {
    PyObject *texts, *separator;
    if (!PyArg_ParseTuple(args, "OU:number", &texts, &separator)) return NULL;
    PyObject *listed = PySequence_Fast(texts, "texts must be a sequence");
    if (listed == NULL) return NULL;
    Output out = {NULL, 0, 0};
    PyObject *result = NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(listed);
    for (Py_ssize_t t = 0; t < count; t++) {
        if (number_pieces_of(self, PySequence_Fast_GET_ITEM(listed, t), &out) < 0 ||
            number_pieces_of(self, separator, &out) < 0)
            goto done;
    }
    result = PyBytes_FromStringAndSize((const char *)out.numbers, out.count * (Py_ssize_t)sizeof(int64_t));
done:
    PyMem_Free(out.numbers);
    Py_DECREF(listed);
    return result;
}

static PyObject *Numbering_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    static char *keywords[] = {NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, ":Numbering", keywords)) return NULL;
    Numbering *self = (Numbering *)type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    self->pieces = PyList_New(0);
    self->slot_count = FIRST_SLOTS;
    self->slots = PyMem_Calloc(FIRST_SLOTS, sizeof(Slot));
    self->hashes = PyMem_Malloc(FIRST_SLOTS / 2 * sizeof(uint64_t));
    if (self->pieces == NULL || self->slots == NULL || self->hashes == NULL) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    return (PyObject *)self;
}

static void Numbering_dealloc(Numbering *self) {
    Py_XDECREF(self->pieces);
    PyMem_Free(self->slots);
    PyMem_Free(self->hashes);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Numbering_pieces(Numbering *self, void *closure) { return Py_NewRef(self->pieces); }

static PyMethodDef Numbering_methods[] = {
    {"number", (PyCFunction)Numbering_number, METH_VARARGS, number_doc},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Numbering_getset[] = {
    {"pieces", (getter)Numbering_pieces, NULL, "The distinct pieces, in the order first met.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject NumberingType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "tui.text._pieces.Numbering",
    .tp_doc = PyDoc_STR("Numbers the pieces of texts between white space, as first met."),
    .tp_basicsize = sizeof(Numbering),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Numbering_new,
    .tp_dealloc = (destructor)Numbering_dealloc,
    .tp_methods = Numbering_methods,
    .tp_getset = Numbering_getset,
};

static struct PyModuleDef pieces_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "tui.text._pieces",
    .m_doc = "Pieces of text between white space, numbered as first met, in compiled code.",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__pieces(void) {
    for (Py_UCS4 c = 0; c < 128; c++) ascii_blank[c] = c == '_' || Py_UNICODE_ISSPACE(c);
    if (PyType_Ready(&NumberingType) < 0) return NULL;
    PyObject *module = PyModule_Create(&pieces_module);
    if (module == NULL) return NULL;
    if (PyModule_AddObjectRef(module, "Numbering", (PyObject *)&NumberingType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
