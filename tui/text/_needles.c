/* Where each of a few needles stands in a long bytes object, in one pass over it.
 *
 * Finding a page's donation-appeal cues (tui/text/boilerplate.py) searched the page once per cue word:
 * fourteen passes over 5 MB of news, 40 ms. Here each position is tested once against the needles'
 * first two bytes (a bitmap of 65,536), and only a position that begins one of them is compared.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#define PAIRS (1 << 16)

static inline unsigned pair_at(const unsigned char *at) { return (unsigned)at[0] << 8 | at[1]; }

PyDoc_STRVAR(starts_doc,
             "starts(haystack, needles) -> list[list[int]]\n\n"
             "For each needle (bytes, none empty), every position where it stands in haystack, in order,\n"
             "overlapping ones included: what repeated haystack.find(needle, position + 1) gives.");

static PyObject *starts(PyObject *module, PyObject *args) {
    Py_buffer haystack;
    PyObject *needles_given;
    if (!PyArg_ParseTuple(args, "y*O:starts", &haystack, &needles_given)) return NULL;
    PyObject *result = NULL, *needles = NULL;
    unsigned char *first_pairs = NULL, *single = NULL;
    needles = PySequence_Fast(needles_given, "needles must be a sequence");
    if (needles == NULL) goto done;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(needles);
    for (Py_ssize_t n = 0; n < count; n++) {
        PyObject *needle = PySequence_Fast_GET_ITEM(needles, n);
        if (!PyBytes_Check(needle) || PyBytes_GET_SIZE(needle) == 0) {
            PyErr_SetString(PyExc_TypeError, "needles must be bytes, none empty");
            goto done;
        }
    }
    /* A bit for each pair of bytes that begins a needle; a byte alone for a needle of one byte. */
    first_pairs = PyMem_Calloc(PAIRS / 8, 1);
    single = PyMem_Calloc(256, 1);
    result = PyList_New(count);
    if (first_pairs == NULL || single == NULL) {
        PyErr_NoMemory();
        goto failed;
    }
    if (result == NULL) goto done;
    for (Py_ssize_t n = 0; n < count; n++) {
        PyObject *found = PyList_New(0);
        if (found == NULL) goto failed;
        PyList_SET_ITEM(result, n, found);
        const unsigned char *needle = (const unsigned char *)PyBytes_AS_STRING(PySequence_Fast_GET_ITEM(needles, n));
        if (PyBytes_GET_SIZE(PySequence_Fast_GET_ITEM(needles, n)) == 1)
            single[needle[0]] = 1;
        else
            first_pairs[pair_at(needle) >> 3] |= 1 << (pair_at(needle) & 7);
    }
    const unsigned char *text = haystack.buf;
    Py_ssize_t length = haystack.len;
    for (Py_ssize_t i = 0; i < length; i++) {
        int begins_pair = i + 1 < length && first_pairs[pair_at(text + i) >> 3] & (1 << (pair_at(text + i) & 7));
        if (!begins_pair && !single[text[i]]) continue;
        for (Py_ssize_t n = 0; n < count; n++) {
            PyObject *needle = PySequence_Fast_GET_ITEM(needles, n);
            const char *bytes = PyBytes_AS_STRING(needle);
            Py_ssize_t size = PyBytes_GET_SIZE(needle);
            if (text[i] != (unsigned char)bytes[0] || size > length - i || memcmp(text + i, bytes, size) != 0) continue;
            PyObject *position = PyLong_FromSsize_t(i);
            int appended = position == NULL ? -1 : PyList_Append(PyList_GET_ITEM(result, n), position);
            Py_XDECREF(position);
            if (appended < 0) goto failed;
        }
    }
    goto done;
failed:
    Py_CLEAR(result);
done:
    PyMem_Free(first_pairs);
    PyMem_Free(single);
    Py_XDECREF(needles);
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
