/* The tokens of many texts, each numbered by its type (its spelling) as first met: the step of scoring an
 * article that the interpreter cannot do fast. tui/text/token_batch.py holds the pattern this follows
 * (TOKEN) and does the same in Python where this is not built.
 *
 * The texts are read as token_batch reads them: a typographic apostrophe (U+2019) as a plain one, an
 * underscore as a blank. A token is what TOKEN.findall finds, tried at each character in turn:
 *   a number:  [$£€]?+ \d++ (?:[.,:]\d++)* %? (?!\w)   (backtracking over the groups and the "%"),
 *   else a word:  \w++ (?:['-]\w++)*+,
 *   else the separator character itself.
 * `\d` and `\w` are what Python's re reads them as in a str pattern: Py_UNICODE_ISDECIMAL, and
 * Py_UNICODE_ISALNUM or "_".
 *
 * In Python, a 5 MB article's 800,000 pieces between blanks each became a string, were hashed and looked
 * up in a dict, and each distinct piece was tokenised by the pattern: a third of scoring it. Here each
 * character is read once, a token is looked up by its characters in a table of its own, and a string is
 * made only for each distinct token.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define APOSTROPHE 0x2019
#define FIRST_SLOTS 1024

/* A type's number + 1 (0 where the slot is free) beside the high half of its hash, which the slot does
 * not tell: a look-up reads one small slot, and a type's string only where the hash matches. */
typedef struct {
    uint32_t number;
    uint32_t tag;
} Slot;

typedef struct {
    PyObject_HEAD
    PyObject *types;     /* list of str: the distinct tokens, in the order first met; never handed out */
    Py_ssize_t count;    /* how many */
    Py_UCS4 separator;   /* a token of its own, type 0, and the token after each text */
    uint64_t *hashes;    /* of each type, to place it again when the slots grow */
    Slot *slots;         /* open addressing */
    size_t slot_count;   /* a power of two, kept at least twice the types */
} Types;

/* A character as the texts are read. */
static inline Py_UCS4 seen(Py_UCS4 c) { return c == APOSTROPHE ? '\'' : c; }

/* \w and \d of ASCII characters, the underscore being a blank. */
static unsigned char ascii_word[128], ascii_digit[128];

static inline int is_word(Py_UCS4 c) { return c < 128 ? ascii_word[c] : Py_UNICODE_ISALNUM(c); }

static inline int is_digit(Py_UCS4 c) { return c < 128 ? ascii_digit[c] : Py_UNICODE_ISDECIMAL(c); }

static inline int is_currency(Py_UCS4 c) { return c == '$' || c == 0xA3 || c == 0x20AC; }

static inline int is_number_joiner(Py_UCS4 c) { return c == '.' || c == ',' || c == ':'; }

static inline int is_word_joiner(Py_UCS4 c) { return c == '\'' || c == '-'; }

/* Where every hash starts: drawn from Python's own string hash, which is seeded anew in each process
 * (PYTHONHASHSEED), so that no text can be made up in advance whose tokens all fall in one slot. */
static uint64_t hash_seed;

static uint64_t hash_of(int kind, const void *data, Py_ssize_t start, Py_ssize_t end) {
    uint64_t hash = hash_seed; /* FNV-1a, then mixed: its low bits, which pick the slot, are weak */
    for (Py_ssize_t i = start; i < end; i++) hash = (hash ^ seen(PyUnicode_READ(kind, data, i))) * 0x100000001b3ULL;
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    return hash ^ (hash >> 33);
}

static int same_type(PyObject *type, int kind, const void *data, Py_ssize_t start, Py_ssize_t length) {
    if (PyUnicode_GET_LENGTH(type) != length) return 0;
    int type_kind = PyUnicode_KIND(type);
    const void *type_data = PyUnicode_DATA(type);
    if (type_kind == kind && memcmp(type_data, (const char *)data + start * kind, length * kind) == 0) return 1;
    for (Py_ssize_t i = 0; i < length; i++) {
        if (PyUnicode_READ(type_kind, type_data, i) != seen(PyUnicode_READ(kind, data, start + i))) return 0;
    }
    return 1;
}

/* Twice the slots (and room for twice the types), every type placed again; -1 with an exception set. */
static int grow(Types *self) {
    size_t slot_count = self->slot_count * 2;
    if (slot_count > (size_t)UINT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "too many distinct tokens");
        return -1;
    }
    Slot *slots = PyMem_Calloc(slot_count, sizeof(Slot));
    uint64_t *hashes = slots == NULL ? NULL : PyMem_Realloc(self->hashes, slot_count / 2 * sizeof(uint64_t));
    if (hashes == NULL) {
        PyMem_Free(slots);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t number = 0; number < self->count; number++) {
        size_t slot = hashes[number] & (slot_count - 1);
        while (slots[slot].number) slot = (slot + 1) & (slot_count - 1);
        slots[slot] = (Slot){(uint32_t)(number + 1), (uint32_t)(hashes[number] >> 32)};
    }
    PyMem_Free(self->slots);
    self->slots = slots;
    self->hashes = hashes;
    self->slot_count = slot_count;
    return 0;
}

/* The type of the token text[start:end], numbered anew if first met; -1 with an exception set. */
static Py_ssize_t type_of(Types *self, int kind, const void *data, Py_ssize_t start, Py_ssize_t end) {
    Py_ssize_t length = end - start;
    uint64_t hash = hash_of(kind, data, start, end);
    uint32_t tag = (uint32_t)(hash >> 32);
    size_t slot = hash & (self->slot_count - 1);
    while (self->slots[slot].number) {
        Py_ssize_t number = self->slots[slot].number - 1;
        if (self->slots[slot].tag == tag && same_type(PyList_GET_ITEM(self->types, number), kind, data, start, length))
            return number;
        slot = (slot + 1) & (self->slot_count - 1);
    }
    /* A new type: the table grows first, so that nothing is left half done where growing fails. */
    if ((size_t)(self->count + 1) * 2 >= self->slot_count) {
        if (grow(self) < 0) return -1;
        slot = hash & (self->slot_count - 1);
        while (self->slots[slot].number) slot = (slot + 1) & (self->slot_count - 1);
    }
    PyObject *type = PyUnicode_FromKindAndData(kind, (const char *)data + start * kind, length);
    if (type != NULL && kind != PyUnicode_1BYTE_KIND && PyUnicode_FindChar(type, APOSTROPHE, 0, length, 1) >= 0) {
        PyObject *apostrophe = PyUnicode_FromOrdinal(APOSTROPHE), *plain = PyUnicode_FromOrdinal('\'');
        PyObject *replaced = apostrophe && plain ? PyUnicode_Replace(type, apostrophe, plain, -1) : NULL;
        Py_XDECREF(apostrophe);
        Py_XDECREF(plain);
        Py_SETREF(type, replaced);
    }
    if (type == NULL) return -1;
    int appended = PyList_Append(self->types, type);
    Py_DECREF(type);
    if (appended < 0) return -1;
    Py_ssize_t number = self->count++;
    self->hashes[number] = hash;
    self->slots[slot] = (Slot){(uint32_t)(number + 1), tag};
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

/* Where a number starting at `start` ends (TOKEN's first alternative), or -1 where none starts there.
 * The group `[.,:]\d++` repeats as often as it can, then is given back one at a time until what follows
 * (with or without a "%") is no word character. Every end but the last is followed by a group's mark,
 * neither "%" nor a word character: giving back stops at the end before the last. */
#define NUMBER_END(CHARACTER)                                                                          \
    static Py_ssize_t number_end_##CHARACTER(const CHARACTER *c, Py_ssize_t start, Py_ssize_t length) { \
        Py_ssize_t i = start;                                                                          \
        if (is_currency(c[i])) i++;                                                                    \
        if (i == length || !is_digit(c[i])) return -1;                                                 \
        while (i < length && is_digit(c[i])) i++;                                                      \
        Py_ssize_t before_last = -1;                                                                   \
        while (i + 1 < length && is_number_joiner(c[i]) && is_digit(c[i + 1])) {                       \
            before_last = i;                                                                           \
            i++;                                                                                       \
            while (i < length && is_digit(c[i])) i++;                                                  \
        }                                                                                              \
        if (i < length && c[i] == '%' && !(i + 1 < length && is_word(c[i + 1]))) return i + 1;        \
        if (!(i < length && is_word(c[i]))) return i;                                                  \
        return before_last;                                                                            \
    }

NUMBER_END(Py_UCS1)
NUMBER_END(Py_UCS2)
NUMBER_END(Py_UCS4)

/* The types of one text's tokens, its characters read as CHARACTER (one loop per width of str). */
#define NUMBER_TOKENS(CHARACTER)                                                                       \
    do {                                                                                               \
        const CHARACTER *c = data;                                                                     \
        Py_ssize_t i = 0;                                                                              \
        while (i < length) {                                                                           \
            Py_ssize_t end = -1;                                                                       \
            if (is_digit(c[i]) || is_currency(c[i])) end = number_end_##CHARACTER(c, i, length);         \
            if (end < 0 && is_word(c[i])) {                                                            \
                end = i;                                                                               \
                do {                                                                                   \
                    end++;                                                                             \
                    while (end < length && is_word(c[end])) end++;                                     \
                } while (end + 1 < length && is_word_joiner(seen(c[end])) && is_word(c[end + 1]));     \
            }                                                                                          \
            if (end < 0 && c[i] == self->separator) end = i + 1;                                       \
            if (end < 0) {                                                                             \
                i++;                                                                                   \
                continue;                                                                              \
            }                                                                                          \
            Py_ssize_t number = type_of(self, kind, data, i, end);                                     \
            if (number < 0 || put(out, number) < 0) return -1;                                         \
            i = end;                                                                                   \
        }                                                                                              \
    } while (0)

static int number_tokens_of(Types *self, PyObject *text, Output *out) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (kind == PyUnicode_1BYTE_KIND)
        NUMBER_TOKENS(Py_UCS1);
    else if (kind == PyUnicode_2BYTE_KIND)
        NUMBER_TOKENS(Py_UCS2);
    else
        NUMBER_TOKENS(Py_UCS4);
    return 0;
}

static PyObject *Types_number(Types *self, PyObject *texts) {
    PyObject *listed = PySequence_Fast(texts, "texts must be a sequence");
    if (listed == NULL) return NULL;
    Output out = {NULL, 0, 0};
    PyObject *result = NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(listed);
    for (Py_ssize_t t = 0; t < count; t++) { /* all checked first: a refused call numbers nothing */
        PyObject *text = PySequence_Fast_GET_ITEM(listed, t);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts must be str");
            goto done;
        }
        if (PyUnicode_READY(text) < 0) goto done;
    }
    for (Py_ssize_t t = 0; t < count; t++) {
        if (number_tokens_of(self, PySequence_Fast_GET_ITEM(listed, t), &out) < 0 || put(&out, 0) < 0) goto done;
    }
    result = PyBytes_FromStringAndSize((const char *)out.numbers, out.count * (Py_ssize_t)sizeof(int64_t));
done:
    PyMem_Free(out.numbers);
    Py_DECREF(listed);
    return result;
}

static PyObject *Types_new(PyTypeObject *kind, PyObject *args, PyObject *kwargs) {
    static char *keywords[] = {"separator", NULL};
    PyObject *separator;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "U:Types", keywords, &separator)) return NULL;
    Py_UCS4 character = PyUnicode_GET_LENGTH(separator) == 1 ? PyUnicode_READ_CHAR(separator, 0) : 0;
    /* No character that a token holds, or that ends or joins one, or that the texts read as another. */
    if (PyUnicode_GET_LENGTH(separator) != 1 || is_word(character) || is_digit(character) ||
        is_currency(character) || is_number_joiner(seen(character)) || is_word_joiner(seen(character)) ||
        character == '%' || character == '_' || character == APOSTROPHE || Py_UNICODE_ISSPACE(character)) {
        PyErr_SetString(PyExc_ValueError, "the separator must be one character that begins no other token");
        return NULL;
    }
    Types *self = (Types *)kind->tp_alloc(kind, 0);
    if (self == NULL) return NULL;
    self->separator = character;
    self->count = 0;
    self->types = PyList_New(0);
    self->slot_count = FIRST_SLOTS;
    self->slots = PyMem_Calloc(FIRST_SLOTS, sizeof(Slot));
    self->hashes = PyMem_Malloc(FIRST_SLOTS / 2 * sizeof(uint64_t));
    if (self->types == NULL || self->slots == NULL || self->hashes == NULL) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    int kind_of_separator = PyUnicode_KIND(separator);
    if (type_of(self, kind_of_separator, PyUnicode_DATA(separator), 0, 1) != 0) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void Types_dealloc(Types *self) {
    Py_XDECREF(self->types);
    PyMem_Free(self->slots);
    PyMem_Free(self->hashes);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* A copy: the table relies on the list holding its types, in order, and nothing else. */
static PyObject *Types_types(Types *self, void *closure) { return PyList_GetSlice(self->types, 0, self->count); }

PyDoc_STRVAR(number_doc,
             "number(texts) -> bytes\n\n"
             "The type of each token of each text, each text followed by the separator (type 0), as native\n"
             "int64s; types first met are numbered on from those met before.");

static PyMethodDef Types_methods[] = {
    {"number", (PyCFunction)Types_number, METH_O, number_doc},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Types_getset[] = {
    {"types", (getter)Types_types, NULL, "A copy of the distinct tokens, in the order first met (the separator first).", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject TypesType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "tui.text._tokens.Types",
    .tp_doc = PyDoc_STR("Types(separator): numbers the tokens of texts by their types, as first met."),
    .tp_basicsize = sizeof(Types),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Types_new,
    .tp_dealloc = (destructor)Types_dealloc,
    .tp_methods = Types_methods,
    .tp_getset = Types_getset,
};

static struct PyModuleDef tokens_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "tui.text._tokens",
    .m_doc = "The tokens of many texts, numbered by type as first met, in compiled code.",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__tokens(void) {
    PyObject *seeding = PyUnicode_FromString("claimdesk tokens");
    Py_hash_t seed = seeding == NULL ? -1 : PyObject_Hash(seeding);
    Py_XDECREF(seeding);
    if (seed == -1) return NULL;
    hash_seed = 0xcbf29ce484222325ULL ^ (uint64_t)seed;
    for (Py_UCS4 c = 0; c < 128; c++) {
        ascii_word[c] = c != '_' && Py_UNICODE_ISALNUM(c);
        ascii_digit[c] = Py_UNICODE_ISDECIMAL(c);
    }
    if (PyType_Ready(&TypesType) < 0) return NULL;
    PyObject *module = PyModule_Create(&tokens_module);
    if (module == NULL) return NULL;
    if (PyModule_AddObjectRef(module, "Types", (PyObject *)&TypesType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
