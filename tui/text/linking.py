"""Linked claims: the same claim told by several articles, and claims that only share a number.

Claims are compared as sparse TF-IDF vectors of their content words (stemmed, with demonyms
folded onto their place: "Syrian" counts as "Syria"), all pairs at once in one sparse matrix
product. Two claims in different articles are the same claim when they are very alike, or when
each is the other's best match between the two articles, they are not unlike and they share a
few words: one story told by several outlets is told in different words, and "mutual best" is
what survives the rewording. Within one article, near-identical claims (a headline and the
sentence that restates it) are restatements of each other.

Clusters are stars: the best-connected restatement group and its counterparts, never two groups
of the same article, so a chain of loose resemblances cannot grow into one cluster of everything.

Shared quantities are a separate signal: two claims stating the same number are shown side by
side even when they are different claims ("750 fled a camp" is not "750 stay at a base").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import Stemmer
from scipy import sparse

from tui.text.claim_links import ClaimText, Link, Linking

# Cosine similarities of TF-IDF vectors. A pair at or above STRONG is the same claim outright;
# a mutual best match between two articles needs LINK; restatements inside one article need
# RESTATE (they share most of their words).
STRONG = 0.4
LINK = 0.15
RESTATE = 0.5
MIN_SHARED_WORDS = 3
# Words in more claims than this (and than this share of them) are left out of the vectors.
COMMON_WORD_CLAIMS = 200
COMMON_WORD_SHARE = 0.02
# Word-for-word repeats of a claim in its own article listed among its links.
MAX_COPIES = 10
# A number stated by more claims than this is too common to mean anything (a "2", a "10").
COMMON_NUMBER = 50

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how however i if in into
    is it its itself just may me meanwhile might more most much must my myself no nor not now of
    off on once only or other our ours ourselves out over own same says said say she should so
    some still such than that the their theirs them themselves then there these they this those
    through to too under until up upon very was we were what when where which while who whom whose
    why will with would you your yours yourself according including reportedly""".split()
    # Attribution and time words: every report says who said it and when, so they tell claims apart little.
    + """add added adds claim claimed claims note noted notes report reported reports stated tell told
    tells warn warned warns ago day days week weeks month months year years time times""".split()
)
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}|\b[A-Z]{2}\b")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d+(?:\.\d+)?(?![\d])")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# "Syrian" -> "Syria", "Russian" -> "Russia", "Kurdish" -> "Kurd", "Asian" -> "Asia".
_DEMONYM_SUFFIXES = ("ian", "ish", "ese", "an", "n", "i")
_MIN_ROOT = 4

_stemmer = Stemmer.Stemmer("english")


def numbers_in(text: str) -> frozenset[str]:
    """The quantities a text states, normalised ("1,000" is "1000"); years and single digits are left out."""
    if not _DIGIT.search(text):
        return frozenset()
    found = set()
    for match in _NUMBER.finditer(text):
        written = match.group()
        if len(written) > 1 and not ("," not in written and _YEAR.fullmatch(written)):
            found.add(written.replace(",", ""))
    return frozenset(found)


def _content_words(text: str) -> list[str]:
    """Lowercased words that carry content; two-letter words only as acronyms ("US", "UN", not "de")."""
    return [word for word in map(str.lower, _CONTENT_WORD.findall(text)) if word not in STOPWORDS]


def _folded_stems(words: set[str]) -> dict[str, str]:
    """Each word's stem, with a demonym folded onto the stem of its place when both occur."""
    ordered = sorted(words)
    stems = dict(zip(ordered, _stemmer.stemWords(ordered), strict=True))
    known = set(stems.values())
    for word, stem in stems.items():
        if stem.endswith(_DEMONYM_SUFFIXES):
            for suffix in _DEMONYM_SUFFIXES:
                root = stem[: -len(suffix)]
                if stem.endswith(suffix) and len(root) >= _MIN_ROOT and root in known:
                    stems[word] = root
                    break
    return stems


def _vectors(claims: Sequence[ClaimText]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Which content-word stems each claim holds (0/1), and the same rows as L2-normalised TF-IDF."""
    words = [_content_words(claim.text) for claim in claims]
    stem_of = _folded_stems({word for sentence in words for word in sentence})
    vocabulary: dict[str, int] = {}
    term_of = {word: vocabulary.setdefault(stem, len(vocabulary)) for word, stem in stem_of.items()}
    indptr, indices = [0], []
    for sentence in words:
        indices.extend(sorted({term_of[word] for word in sentence}))
        indptr.append(len(indices))
    counts = sparse.csr_matrix(
        (np.ones(len(indices)), np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
        shape=(len(claims), max(len(vocabulary), 1)),
    )
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + len(claims)) / (1 + document_frequency)) + 1
    # A word in a large share of the corpus's claims is this corpus's stop word ("said", or
    # "Syria" in a corpus about Syria); it tells claims apart little and would make every pair
    # a candidate, so the product would be dense.
    idf[document_frequency > max(COMMON_WORD_CLAIMS, COMMON_WORD_SHARE * len(claims))] = 0
    counts = sparse.csr_matrix(counts @ sparse.diags((idf > 0).astype(float)))
    counts.eliminate_zeros()
    weighted = sparse.csr_matrix(counts @ sparse.diags(idf))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return counts, sparse.csr_matrix(sparse.diags(1 / norms) @ weighted)


class _Groups:
    """Union-find over claim indexes."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, first: int, second: int) -> None:
        self.parent[self.find(first)] = self.find(second)


def link_claims(claims: Sequence[ClaimText]) -> Linking:
    """Link every claim to its counterparts across the corpus, and cluster them.

    A claim an article repeats word for word is linked once, and its repeats are linked to one
    another (up to `MAX_COPIES` of them): a feed that repeats its items would otherwise make
    every repeat a pair with every other.
    """
    first_of: dict[tuple[str, str], int] = {}
    copies: dict[int, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        copies[first_of.setdefault((claim.article, claim.text), index)].append(index)
    distinct = list(copies)
    distinct_links, distinct_clusters = _link_distinct([claims[index] for index in distinct])
    if len(distinct) == len(claims):
        return Linking(claims, distinct_links, distinct_clusters)
    links: dict[int, list[Link]] = {}
    for position, first in enumerate(distinct):
        onward = [
            Link(distinct[link.claim], link.similarity, link.same_claim, link.numbers)
            for link in distinct_links.get(position, [])
        ]
        if len(copies[first]) == 1:
            if onward:
                links[first] = onward
            continue
        stated = tuple(sorted(numbers_in(claims[first].text)))
        nearest = copies[first][: MAX_COPIES + 1]
        for index in copies[first]:
            links[index] = [Link(other, 1.0, True, stated) for other in nearest if other != index][:MAX_COPIES] + onward
    clusters = [
        tuple(sorted(index for member in cluster for index in copies[distinct[member]]))
        for cluster in distinct_clusters
    ]
    return Linking(claims, links, sorted(clusters))


# Claims compared a block at a time: the whole product of 10,000 claims that share common words
# would hold most of the 10^8 pairs at once, where only the alike are kept.
_BLOCK = 1000
# A claim keeps its most alike partners only: a folder of 500 copies of one wire story would
# otherwise pair every claim with 499 others (millions of pairs, gigabytes) to find the same links.
MAX_PARTNERS = 50


def _similar_pairs(vectors: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of different claims at least as alike as any link needs: rows, columns, cosines."""
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    values: list[np.ndarray] = []
    transposed = sparse.csr_matrix(vectors.T)
    for start in range(0, vectors.shape[0], _BLOCK):
        block = sparse.coo_matrix(vectors[start : start + _BLOCK] @ transposed)
        row = block.row.astype(np.int64) + start
        keep = (row != block.col) & (block.data >= min(LINK, RESTATE, STRONG))
        row, col, value = row[keep], block.col[keep].astype(np.int64), block.data[keep]
        order = np.lexsort((col, -value, row))  # by claim, most alike first (ties by index: deterministic)
        row, col, value = row[order], col[order], value[order]
        rank = np.arange(len(row)) - np.searchsorted(row, row, side="left")
        kept = rank < MAX_PARTNERS
        rows.append(row[kept])
        cols.append(col[kept])
        values.append(value[kept])
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(values)


def _link_distinct(claims: Sequence[ClaimText]) -> tuple[dict[int, list[Link]], list[tuple[int, ...]]]:
    """Links and clusters of claims no two of which are the same text in the same article."""
    count = len(claims)
    if count < 2:
        return {}, []
    terms, vectors = _vectors(claims)
    rows, cols, values = _similar_pairs(vectors)
    # One shared word, however rare, is not a shared claim: short sentences would link on it.
    shared_words = np.asarray(terms[rows].multiply(terms[cols]).sum(axis=1)).ravel()
    enough = shared_words >= MIN_SHARED_WORDS
    rows, cols, values = rows[enough], cols[enough], values[enough]
    article_ids = {article: code for code, article in enumerate(dict.fromkeys(claim.article for claim in claims))}
    article_of = np.array([article_ids[claim.article] for claim in claims])

    groups = _Groups(count)
    within = article_of[rows] == article_of[cols]
    for row, col in zip(rows[within & (values >= RESTATE)], cols[within & (values >= RESTATE)], strict=True):
        groups.join(int(row), int(col))
    group_of = np.array([groups.find(index) for index in range(count)])

    same_claims = _same_claims(rows[~within], cols[~within], values[~within], article_of)
    linked_groups: dict[tuple[int, int], float] = {}
    for (claim, other), value in same_claims.items():
        pair = (int(group_of[claim]), int(group_of[other]))
        linked_groups[pair] = max(value, linked_groups.get(pair, 0.0))
    members = defaultdict(list)
    for index, group in enumerate(group_of):
        members[int(group)].append(index)
    links = _claim_links(claims, vectors, group_of, same_claims, (rows, cols, values))
    return links, _clusters(linked_groups, members, article_of)


def _same_claims(
    first: np.ndarray, second: np.ndarray, values: np.ndarray, article_of: np.ndarray
) -> dict[tuple[int, int], float]:
    """Pairs of claims in different articles that tell the same claim, with their similarity.

    `first`, `second`, `values` hold each pair in both orders. Computed on whole arrays: a wire
    story retold by dozens of outlets makes hundreds of thousands of pairs.
    """
    if not len(first):
        return {}
    articles = int(article_of.max()) + 1
    # For each claim and each other article, its best match there (ties: the earliest claim).
    key = first.astype(np.int64) * articles + article_of[second]
    order = np.lexsort((second, -values, key))
    leads = order[np.r_[True, key[order][1:] != key[order][:-1]]]
    best_keys, best_claims = key[leads], second[leads]
    reverse = second.astype(np.int64) * articles + article_of[first]
    best_back = best_claims[np.searchsorted(best_keys, reverse)]
    best_here = best_claims[np.searchsorted(best_keys, key)]
    mutual = (best_here == second) & (best_back == first)
    linked = (values >= STRONG) | (mutual & (values >= LINK))
    return {
        (int(one), int(other)): float(value)
        for one, other, value in zip(first[linked], second[linked], values[linked], strict=True)
    }


def _claim_links(
    claims: Sequence[ClaimText],
    vectors: sparse.csr_matrix,
    group_of: np.ndarray,
    same_claims: dict[tuple[int, int], float],
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> dict[int, list[Link]]:
    """Each claim's links: the same claim elsewhere, restatements in its own article, shared numbers."""
    numbers = [numbers_in(claim.text) for claim in claims]
    same: dict[int, dict[int, float]] = defaultdict(dict)
    for claim, other, value in zip(*(part.tolist() for part in pairs), strict=True):
        if (claim, other) in same_claims or (group_of[claim] == group_of[other] and value >= RESTATE):
            same[claim][other] = value

    holders: dict[str, list[int]] = defaultdict(list)
    for index, stated in enumerate(numbers):
        for number in stated:
            holders[number].append(index)
    shared: dict[tuple[int, int], set[str]] = defaultdict(set)
    for number, holding in holders.items():
        if len(holding) > COMMON_NUMBER:
            continue
        for claim in holding:
            for other in holding:
                if claims[other].article != claims[claim].article and other not in same[claim]:
                    shared[(claim, other)].add(number)
    number_pairs = np.array(list(shared), dtype=np.int64).reshape(-1, 2)
    alike = np.asarray(vectors[number_pairs[:, 0]].multiply(vectors[number_pairs[:, 1]]).sum(axis=1)).ravel()

    links: dict[int, list[Link]] = defaultdict(list)
    for claim, counterparts in same.items():
        links[claim] = [
            Link(other, value, True, tuple(sorted(numbers[claim] & numbers[other])))
            for other, value in counterparts.items()
        ]
    for (claim, other), value in zip(shared, alike.tolist(), strict=True):
        links[claim].append(Link(other, value, False, tuple(sorted(shared[(claim, other)]))))
    for claim, found in links.items():
        # Other articles' tellings first, then restatements here, then numbers only; most alike first.
        found.sort(
            key=lambda link: (
                not link.same_claim,
                claims[link.claim].article == claims[claim].article,
                -link.similarity,
                link.claim,
            )
        )
    return {claim: found for claim, found in links.items() if found}


def _clusters(
    linked_groups: dict[tuple[int, int], float], members: dict[int, list[int]], article_of: np.ndarray
) -> list[tuple[int, ...]]:
    """Stars of linked groups: the best-connected group and its counterparts, one group per article.

    A star reaches one link out from its centre, so a chain of loose resemblances (A like B,
    B like C, ...) never becomes one cluster of everything.
    """
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for (one, other), value in linked_groups.items():
        neighbours[one][other] = value

    def strength(group: int) -> tuple[int, float, int]:
        reached = {int(article_of[other]) for other in neighbours[group]}
        return (-len(reached), -sum(neighbours[group].values()), group)

    cluster_of: dict[int, int] = {}
    stars: list[list[int]] = []
    for centre in sorted(neighbours, key=strength):
        if centre in cluster_of:
            continue
        star, articles = [centre], {int(article_of[centre])}
        for other, _ in sorted(neighbours[centre].items(), key=lambda item: (-item[1], item[0])):
            if other not in cluster_of and int(article_of[other]) not in articles:
                star.append(other)
                articles.add(int(article_of[other]))
        if len(star) > 1:
            for group in star:
                cluster_of[group] = len(stars)
            stars.append(star)
    # A group whose counterparts all joined other stars joins its closest one, if its article is free.
    for group in sorted(neighbours, key=strength):
        if group in cluster_of:
            continue
        for other, _ in sorted(neighbours[group].items(), key=lambda item: (-item[1], item[0])):
            joined = stars[cluster_of[other]] if other in cluster_of else None
            if joined is not None and all(article_of[member] != article_of[group] for member in joined):
                joined.append(group)
                cluster_of[group] = cluster_of[other]
                break
    return sorted(tuple(sorted(claim for group in star for claim in members[group])) for star in stars)
