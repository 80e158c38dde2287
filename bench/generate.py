"""Realistic synthetic data for the benchmarks, at any scale, in the ontology's shape.

    .venv/bin/python bench/generate.py --companies 50000 --summary     # rows per label, no store

A national registry in miniature: counties and parks, industries with their industrial chains
(500 chains of 3–8 links at the default scale), products, and companies with their main products
(MAKES with a weight, the shares of one company summing to 1). Companies are spread over counties
with a Zipf-like skew (a few counties hold most firms, as in real registries), product popularity is
skewed the same way (a few products have thousands of makers, most have a handful), and a small
share of companies is ``local`` (the city's 家底): some of those cover chain links through a company
list (COVERS via 'table'), so the coverage table holds 缺链, 弱链 and 强链 links.

Everything is deterministic for a seed, and independent of the chunk size: companies are drawn in
fixed blocks of :data:`BLOCK`, each from its own random stream. :meth:`Generator.batches` yields
:class:`graph.store.Batch` chunks, so a million companies never sit in memory at once; the same rows
are available as Arrow tables (:func:`arrow_tables`) for LadybugDB's raw ``COPY FROM``.

Ids: companies get pool-shaped codes (six digits and an exchange suffix, e.g. ``104233.SZ``) taken
from prefix/exchange pairs that no listed company uses, so they never collide with the national
pool; products, industries, counties and parks are named in Chinese like the real ones and carry
the id = name convention of the ontology.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.store import Batch  # noqa: E402

BLOCK = 10_000          # companies per random stream (the unit of determinism)
MISSING, WEAK, STRONG = "缺链", "弱链", "强链"
SOURCE = "synthetic"

# First digits that listed companies use on each exchange (SH 6/9, SZ 0/2/3, BJ 4/8); synthetic
# codes use the others, so they look like pool codes and never collide with the pool.
_CODE_PAIRS = tuple((d, ex) for ex, used in (("SH", "69"), ("SZ", "023"), ("BJ", "48"))
                    for d in "0123456789" if d not in used)
CODE_CAPACITY = len(_CODE_PAIRS) * 100_000
EXCHANGES = {"SH": "上海证券交易所", "SZ": "深圳证券交易所", "BJ": "北京证券交易所"}

_CHARS = ("华瑞信诚恒泰隆盛鑫源达丰宏远海天润安嘉合新中金永益明光宇通博凯晨科力德昌荣兴福东"
          "南西北正和顺祥鼎立辰星航汇联创美佳伟豪智慧云鹏")
_PLACE = "江河湖山川平阳阴宁安康泰清丰昌乐林城源水溪石桥台原峰田庄湾岭"
_INDUSTRY_STEMS = ("新能源汽车", "生物医药", "高端装备", "新材料", "电子信息", "节能环保", "现代农业", "航空航天",
                   "海洋工程", "智能制造", "氢能", "储能", "光伏", "半导体", "精细化工", "纺织服装", "食品加工",
                   "绿色建材", "数字经济", "医疗器械", "轨道交通", "新型显示", "现代物流", "工业互联网", "通用航空",
                   "机器人", "合成生物", "先进陶瓷", "高性能纤维", "动力电池")
_PRODUCT_HEADS = ("高纯", "特种", "精密", "复合", "高强", "耐热", "柔性", "纳米", "环保", "智能", "重型", "微型",
                  "医用", "食品级", "电子级", "工业级", "车用", "光学", "导电", "阻燃", "超细", "生物基", "高分子",
                  "低温", "高压", "便携", "数控", "模块化", "无纺", "磁性", "多层", "可降解", "改性", "合金",
                  "陶瓷", "石墨", "硅基", "钛", "铝", "铜")
_PRODUCT_CORES = ("薄膜", "纤维", "树脂", "涂料", "胶粘剂", "电池", "电机", "传感器", "芯片", "轴承", "齿轮",
                  "阀门", "泵", "管材", "板材", "线缆", "玻璃", "橡胶", "催化剂", "溶剂", "颜料", "药剂", "试剂",
                  "原料药", "中间体", "制剂", "疫苗", "导管", "支架", "监护仪", "显示屏", "面板", "模组", "控制器",
                  "变压器", "逆变器", "电极", "隔膜", "电解液", "正极材料", "负极材料", "铸件", "锻件", "模具",
                  "刀具", "机床", "机器人", "无人机", "叶片", "塔筒", "储罐", "滤芯", "膜组件", "饲料", "肥料",
                  "种子", "面粉", "乳制品", "纱线", "面料", "服装", "地板", "砖", "水泥", "钢材", "焊材", "紧固件",
                  "包装材料", "标签", "软件", "服务器", "存储器", "光纤", "天线", "雷达", "继电器", "开关", "电容")
_PRODUCT_TAILS = ("", "组件", "设备", "系统", "材料", "制品", "配件", "装置")
_COMPANY_KINDS = ("科技", "实业", "材料", "制造", "化工", "生物", "电子", "机械", "新能源", "医药", "环保", "智能")


@dataclass(frozen=True)
class Scale:
    """How much to generate. The defaults are the full run (a million companies)."""

    companies: int = 1_000_000
    products: int = 100_000
    makes: int = 3_000_000          # company→product rows (approximately: duplicates are folded)
    chains: int = 500
    min_links: int = 3
    max_links: int = 8
    counties: int = 2_000
    parks: int = 1_500
    industries: int = 60
    local_share: float = 0.02       # companies in the home city (the 家底)
    cover_share: float = 0.3        # local companies named on a company list for 1–2 links
    in_park_share: float = 0.6      # companies registered in a park
    zipf: float = 1.1               # skew of counties, parks, products and links
    seed: int = 7

    def scaled(self, companies: int) -> Scale:
        """This scale with ``companies`` companies and everything else in proportion."""
        f = companies / self.companies
        return replace(self, companies=companies, products=max(200, int(self.products * f)),
                       makes=int(self.makes * f), chains=max(10, min(self.chains, int(self.chains * max(f, 0.2)))),
                       counties=max(20, int(self.counties * f ** 0.5)), parks=max(15, int(self.parks * f ** 0.5)),
                       industries=max(6, min(self.industries, int(self.industries * max(f, 0.2)))))


QUICK = Scale().scaled(50_000)
FULL = Scale()


def company_id(i: int) -> str:
    """The i-th synthetic company's pool-shaped code.

    >>> company_id(0), company_id(1), company_id(23)
    ('000000.SH', '100000.SH', '000001.SH')
    """
    if i >= CODE_CAPACITY:
        return f"{i:09d}.SZ"  # beyond 2.3M companies: nine digits, still unlike any listed code
    digit, exchange = _CODE_PAIRS[i % len(_CODE_PAIRS)]
    return f"{digit}{i // len(_CODE_PAIRS):05d}.{exchange}"


def _unique_names(rng: np.random.Generator, n: int, parts: list[tuple[str, ...]], suffix: str = "") -> list[str]:
    """``n`` distinct names made of one item of each part, in a seeded order (numbered when short)."""
    combos = 1
    for p in parts:
        combos *= len(p)
    out: list[str] = []
    rounds = 0
    while len(out) < n:
        take = min(n - len(out), combos)
        picks = rng.choice(combos, size=take, replace=False)
        for k in picks:
            name = []
            for p in reversed(parts):
                k, r = divmod(int(k), len(p))
                name.append(p[r])
            text = "".join(reversed(name))
            out.append(f"{text}{rounds + 1 if rounds else ''}{suffix}")
        rounds += 1
    return out


def _zipf_cdf(n: int, s: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A Zipf-like popularity over ``n`` items in a seeded random order: (cumulative weights, item of rank)."""
    weights = 1.0 / np.arange(1, n + 1) ** s
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    return cdf, rng.permutation(n)


def _draw(cdf: np.ndarray, order: np.ndarray, rng: np.random.Generator, size: int) -> np.ndarray:
    ranks = np.searchsorted(cdf, rng.random(size), side="right")
    return order[np.minimum(ranks, len(order) - 1)]


def link_status(count: int, k: int = 2) -> str:
    """The coverage rule of graph.gaps for companies without a 规上 flag: 0 缺链, < k 弱链, else 强链."""
    return MISSING if count == 0 else WEAK if count < k else STRONG


class Generator:
    """The synthetic graph for one scale and seed; see the module docstring."""

    def __init__(self, scale: Scale = FULL):
        self.scale = scale
        rng = np.random.default_rng([scale.seed, 0])
        s = scale
        self.counties = _unique_names(rng, s.counties, [tuple(_PLACE), tuple(_CHARS)], "县")
        self.parks = _unique_names(rng, s.parks, [tuple(_CHARS), tuple(_PLACE), ("经济开发区", "高新技术产业园",
                                                                              "工业园区", "产业园", "科创园")])
        self.park_county = rng.integers(0, s.counties, size=s.parks)
        stems = list(_INDUSTRY_STEMS)
        self.industries = [f"{stems[i % len(stems)]}产业集群{i // len(stems) + 1}" for i in range(s.industries)]
        self.products = _unique_names(rng, s.products, [_PRODUCT_HEADS, _PRODUCT_CORES, _PRODUCT_TAILS])
        self.county_cdf = _zipf_cdf(s.counties, s.zipf, rng)
        self.park_cdf = _zipf_cdf(s.parks, s.zipf, rng)
        self.product_cdf = _zipf_cdf(s.products, s.zipf, rng)
        # the home city: the counties ranked 10th to 19th by size (a mid-sized city)
        order = self.county_cdf[1]
        self.home = order[10:20] if s.counties >= 20 else order[: max(1, s.counties // 2)]
        self._chains(rng)
        self.link_cdf = _zipf_cdf(len(self.links), s.zipf, rng)
        self.link_counts = np.zeros(len(self.links), dtype=np.int64)
        self.makes_per_company = s.makes / s.companies

    # --- reference data ----------------------------------------------------------------------

    def _chains(self, rng: np.random.Generator) -> None:
        s = self.scale
        self.chains: list[dict] = []
        self.links: list[dict] = []
        # link names are products: popular ones (covered by many makers) and tail ones (gaps)
        popular = self.product_cdf[1][: max(50, s.products // 100)]
        seen: set[str] = set()
        for c in range(s.chains):
            industry = self.industries[c % len(self.industries)]
            length = int(rng.integers(s.min_links, s.max_links + 1))
            picks = []
            while len(picks) < length:
                pool = popular if rng.random() < 0.6 else None
                idx = int(rng.choice(pool)) if pool is not None else int(rng.integers(0, s.products))
                name = self.products[idx]
                if name not in picks:
                    picks.append(name)
            chain_id = industry + "|" + "→".join(picks)
            if chain_id in seen:
                continue
            seen.add(chain_id)
            self.chains.append({"id": chain_id, "name": "→".join(picks), "industry": industry,
                                "notation": "→", "is_industrial_chain": True})
            for pos, name in enumerate(picks, 1):
                stage = "上游" if pos == 1 else "下游" if pos == length else "中游"
                self.links.append({"id": f"{chain_id}#{pos}", "name": name, "chain": chain_id,
                                   "industry": industry, "position": pos, "stage": stage})

    def reference_batches(self, chunk: int = 50_000) -> Iterator[Batch]:
        """Counties, parks, industries, products, chains and their links (before any company)."""
        b = Batch()
        for name in self.counties:
            b.add_node("County", {"id": name, "name": name, "city": "合成市"})
        for i, name in enumerate(self.parks):
            county = self.counties[int(self.park_county[i])]
            b.add_node("Park", {"id": name, "name": name, "kind": "园区", "county": county, "specific": True})
            b.add_rel("LOCATED_IN", {"src": name, "dst": county, "src_label": "Park", "dst_label": "County",
                                     "source": SOURCE})
        for name in self.industries:
            b.add_node("Industry", {"id": name, "name": name, "level": "sector", "kind": "strategic_emerging",
                                    "source": SOURCE})
        for i, name in enumerate(self.parks):
            b.add_rel("HOSTS", {"src": name, "dst": self.industries[i % len(self.industries)], "source": SOURCE})
        yield b
        for start in range(0, len(self.products), chunk):
            b = Batch()
            for name in self.products[start:start + chunk]:
                b.add_node("Product", {"id": name, "name": name})
            yield b
        b = Batch()
        for ch in self.chains:
            b.add_node("Chain", dict(ch))
            b.add_rel("CHAIN_OF", {"src": ch["id"], "dst": ch["industry"], "source": SOURCE})
        prev = None
        for link in self.links:
            b.add_node("ChainLink", {**link, "local_count": 0, "status": MISSING})
            b.add_rel("HAS_LINK", {"src": link["chain"], "dst": link["id"], "position": link["position"],
                                   "source": SOURCE})
            if prev is not None and prev["chain"] == link["chain"]:
                b.add_rel("NEXT", {"src": prev["id"], "dst": link["id"], "source": SOURCE})
            prev = link
        yield b

    # --- companies -----------------------------------------------------------------------------

    def company_block(self, block: int, *, first_id: int | None = None) -> Batch:
        """Companies ``block*BLOCK`` ... with their county, main products and list coverage."""
        s = self.scale
        start = block * BLOCK
        n = min(BLOCK, s.companies - start) if first_id is None else BLOCK
        base = start if first_id is None else first_id
        rng = np.random.default_rng([s.seed, 1, base // BLOCK])
        b = Batch()
        counties = _draw(*self.county_cdf, rng, n)
        local = rng.random(n) < s.local_share
        home = self.home[rng.integers(0, len(self.home), size=n)]
        counties = np.where(local, home, counties)
        in_park = rng.random(n) < s.in_park_share
        parks = _draw(*self.park_cdf, rng, n)
        above = rng.random(n) < 0.35
        revenue = np.round(np.exp(rng.normal(8.0, 1.6, size=n)), 1)  # 万元, log-normal
        name_a = rng.integers(0, len(_CHARS), size=(n, 2))
        kinds = rng.integers(0, len(_COMPANY_KINDS), size=n)
        # main products: 1 + geometric, mean ≈ makes/companies, at most 15
        p = 1.0 / max(1.0, self.makes_per_company)
        counts = np.minimum(rng.geometric(p, size=n), 15)
        draws = _draw(*self.product_cdf, rng, int(counts.sum()))
        shares = rng.random(len(draws)) + 0.05
        covers = local & (rng.random(n) < s.cover_share)
        cover_links = _draw(*self.link_cdf, rng, 2 * n).reshape(n, 2)
        two = rng.random(n) < 0.3
        counties_l, local_l, in_park_l, parks_l = counties.tolist(), local.tolist(), in_park.tolist(), parks.tolist()
        above_l, revenue_l, kinds_l, names_l = above.tolist(), revenue.tolist(), kinds.tolist(), name_a.tolist()
        counts_l, draws_l, shares_l = counts.tolist(), draws.tolist(), shares.tolist()
        covers_l, cover_l, two_l = covers.tolist(), cover_links.tolist(), two.tolist()
        products, add_node, add_rel = self.products, b.add_node, b.add_rel
        offset = 0
        for j in range(n):
            cid = company_id(base + j)
            a, c = names_l[j]
            short = _CHARS[a] + _CHARS[c] + _COMPANY_KINDS[kinds_l[j]]
            county = self.counties[counties_l[j]]
            row = {"id": cid, "name": short, "fullname": f"{county[:-1]}{short}有限公司", "code": cid,
                   "exchange": EXCHANGES[cid[-2:]], "county": county, "local": local_l[j],
                   "revenue": revenue_l[j]}
            if local_l[j]:
                row["above_scale"] = above_l[j]
            if in_park_l[j]:
                row["extra"] = f'{{"park": "{self.parks[parks_l[j]]}"}}'  # park names hold no quotes
            add_node("Company", row)
            add_rel("LOCATED_IN", {"src": cid, "dst": county, "src_label": "Company", "dst_label": "County",
                                   "source": SOURCE})
            k = counts_l[j]
            mine: dict[int, float] = {}
            for prod, share in zip(draws_l[offset:offset + k], shares_l[offset:offset + k], strict=True):
                mine.setdefault(prod, share)
            offset += k
            total = sum(mine.values())
            for prod, share in mine.items():
                add_rel("MAKES", {"src": cid, "dst": products[prod], "weight": round(share / total, 4),
                                  "source": SOURCE})
            if covers_l[j]:
                targets = {cover_l[j][0]} | ({cover_l[j][1]} if two_l[j] else set())
                for t in sorted(targets):
                    link = self.links[t]
                    if first_id is None:
                        self.link_counts[t] += 1
                    add_rel("COVERS", {"src": cid, "dst": link["id"], "via": "table", "confidence": 1.0,
                                       "product": link["name"], "source": "table", "doc": "合成企业名单"})
        return b

    def company_batches(self, chunk: int = 50_000, start: int = 0, stop: int | None = None) -> Iterator[Batch]:
        """Companies from ``start`` to ``stop`` (multiples of BLOCK), ``chunk`` companies a batch."""
        stop = self.scale.companies if stop is None else stop
        per = max(1, chunk // BLOCK)
        blocks = range(start // BLOCK, -(-stop // BLOCK))
        for at in range(0, len(blocks), per):
            b = Batch()
            for block in blocks[at:at + per]:
                b.extend(self.company_block(block))
            yield b

    def coverage_batch(self, k: int = 2) -> Batch:
        """The coverage table as ingest maintains it: ChainLink.local_count and status from the list
        coverage generated so far (call after the company batches)."""
        b = Batch()
        for t, link in enumerate(self.links):
            count = int(self.link_counts[t])
            b.add_node("ChainLink", {"id": link["id"], "local_count": count, "status": link_status(count, k)})
        return b

    def batches(self, chunk: int = 50_000) -> Iterator[Batch]:
        """Everything, in load order: reference data, company chunks, the coverage table."""
        self.link_counts[:] = 0
        yield from self.reference_batches(chunk)
        yield from self.company_batches(chunk)
        yield self.coverage_batch()

    def upsert_batch(self, rows: int, *, first_new: int, round_no: int = 0) -> tuple[Batch, int]:
        """An incremental upsert of about ``rows`` rows: new companies (from id ``first_new``) with their
        county, main products and list coverage, plus property updates of existing companies (a fifth
        of the rows). Returns the batch and the next free company number (a multiple of BLOCK)."""
        b = Batch()
        updates = rows // 5
        rng = np.random.default_rng([self.scale.seed, 2, round_no])
        for i in rng.choice(min(first_new, self.scale.companies), size=min(updates, first_new), replace=False):
            b.add_node("Company", {"id": company_id(int(i)), "revenue": float(np.round(rng.random() * 1e5, 1)),
                                   "above_scale": bool(rng.random() < 0.5)})
        nxt = first_new
        while len(b) < rows:
            block = self.company_block(0, first_id=nxt)
            nxt += BLOCK
            rels: dict[str, list[tuple[str, dict]]] = {}
            for rel_type, items in block.rels.items():
                for r in items:
                    rels.setdefault(r["src"], []).append((rel_type, r))
            for company in block.nodes["Company"]:
                if len(b) >= rows:
                    break
                b.add_node("Company", company)
                for rel_type, r in rels.get(company["id"], ()):
                    b.add_rel(rel_type, r)
        return b, nxt


# --- Arrow tables (for LadybugDB's raw COPY FROM) -----------------------------------------------


def arrow_tables(batch: Batch) -> list[tuple[str, object, str | None, str | None]]:
    """The batch as Arrow tables in the column order of LadybugDB's tables: (table, Arrow table,
    from label, to label); relationship tables start with the from / to keys."""
    import pyarrow as pa

    from graph import ontology
    from graph.store.ladybug_store import _ARROW

    out = []
    for label, rows in batch.nodes.items():
        cols = ontology.node_kind(label).columns
        schema = pa.schema([(c, _ARROW[t]) for c, t in cols.items()])
        out.append((label, pa.Table.from_pylist(rows, schema=schema), None, None))
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for rel_type, rows in batch.rels.items():
        kind = ontology.rel_kind(rel_type)
        for r in rows:
            ends = kind.ends[0] if len(kind.ends) == 1 else (r["src_label"], r["dst_label"])
            groups.setdefault((rel_type, *ends), []).append(r)
    for (rel_type, src, dst), rows in groups.items():
        cols = ontology.rel_columns(ontology.rel_kind(rel_type))
        schema = pa.schema([("src", pa.string()), ("dst", pa.string()), *((c, _ARROW[t]) for c, t in cols.items())])
        table = pa.Table.from_pylist(rows, schema=schema)
        out.append((rel_type, table.rename_columns(["from", "to", *cols]), src, dst))
    return out


def summary(gen: Generator, chunk: int = 50_000) -> dict[str, int]:
    """Rows per label / relationship type over the whole generated graph, and link statuses."""
    counts: dict[str, int] = {}
    for b in gen.batches(chunk):
        for label, rows in b.nodes.items():
            counts[label] = counts.get(label, 0) + len(rows)
        for rel_type, rows in b.rels.items():
            counts[rel_type] = counts.get(rel_type, 0) + len(rows)
        if list(b.nodes) == ["ChainLink"] and not b.rels:
            for row in b.nodes["ChainLink"]:
                counts[row["status"]] = counts.get(row["status"], 0) + 1
    counts["ChainLink"] = len(gen.links)
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Generate the synthetic benchmark graph and print its size.")
    parser.add_argument("--companies", type=int, default=QUICK.companies)
    parser.add_argument("--seed", type=int, default=FULL.seed)
    parser.add_argument("--summary", action="store_true", help="print rows per label (default)")
    args = parser.parse_args(argv)
    gen = Generator(replace(Scale().scaled(args.companies), seed=args.seed))
    for key, value in summary(gen).items():
        print(f"{key:<14} {value:>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
