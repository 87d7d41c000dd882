"""Volume without waiting: an entity graph built through the real API once, then copied with fresh
identifiers straight into moto's tables (in-process, ~100,000 items in seconds).

A graph is the set of items the API calls added to the tables (a snapshot diff). Its identifiers are the
non-keyword segments of the items' keys (`COMPANY#<uuid>`, `ENTERPRISE#<number>`, `MANDATE#<reference>`,
`INVITATION#inv_...`); each copy replaces every occurrence of each, in keys and values alike, by a new one
of the same shape (a new UUID, a new valid enterprise number, the same pattern of characters otherwise),
so the copies reference each other the way the original does. Identifiers held in values only (a
workflow's task token kept on a Go Solid case) are given as `also`: each copy gets its own. Items whose
keys carry no identifier (counters, leases) are not copied."""
from __future__ import annotations

import itertools
import json
import random
import re
import string
import uuid
from collections.abc import Iterable
from typing import Any

Item = dict[str, Any]                   # DynamoDB JSON: {"pk": {"S": "..."}, ...}
_KEYWORD = re.compile(r"[A-Z][A-Z0-9_]*")
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ENTERPRISE = re.compile(r"[01]\d{9}")
_ENTERPRISES = itertools.count(random.randrange(10_000_000, 11_000_000))    # one sequence for every graph


def table_items(client: Any, table: str) -> list[Item]:
    items: list[Item] = []
    kwargs: dict[str, Any] = {"TableName": table}
    while True:
        page = client.scan(**kwargs)
        items += page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _key(item: Item) -> tuple[str, str]:
    return str(item.get("pk", {}).get("S", "")), str(item.get("sk", {}).get("S", ""))


class Snapshot:
    """The items of some tables now; `.added()` later gives the graph created in between."""

    def __init__(self, stack: Any, tables: Iterable[str]) -> None:
        self.stack = stack
        self.tables = {lid: stack.template.name(lid) for lid in tables}
        self.before = {lid: {_key(i) for i in table_items(stack.client("dynamodb"), name)}
                       for lid, name in self.tables.items()}

    def added(self) -> dict[str, list[Item]]:
        out = {}
        for lid, name in self.tables.items():
            out[lid] = [i for i in table_items(self.stack.client("dynamodb"), name) if _key(i) not in self.before[lid]]
        return out


class Graph:
    def __init__(self, items: dict[str, list[Item]], seed: int | None = None, also: Iterable[str] = ()) -> None:
        self.items = items
        self.random = random.Random(seed)
        self.tokens = sorted(self._tokens() | set(also), key=len, reverse=True)
        # whole tokens only: a short identifier must not be replaced inside a longer number or word
        self.pattern = re.compile("(?<![A-Za-z0-9])(?:" + "|".join(re.escape(t) for t in self.tokens) +
                                  ")(?![A-Za-z0-9])") if self.tokens else None
        self.copyable = {lid: [i for i in rows if self._has_token(i)] for lid, rows in items.items()}

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.copyable.values())

    def _tokens(self) -> set[str]:
        found = set()
        for rows in self.items.values():
            for item in rows:
                for segment in "#".join(_key(item)).split("#"):
                    if segment and not _KEYWORD.fullmatch(segment) and not _INSTANT.match(segment):
                        found.add(segment)
        return found

    def _has_token(self, item: Item) -> bool:
        return bool(self.pattern and self.pattern.search("#".join(_key(item))))

    def _new(self, token: str) -> str:
        if _UUID.fullmatch(token):
            return str(uuid.UUID(int=self.random.getrandbits(128), version=4))
        if token.isdigit() and len(token) > 4:
            body, check = int(token[:-2]), int(token[-2:])
            if _ENTERPRISE.fullmatch(token) and check == 97 - body % 97:        # an enterprise number
                first = next(_ENTERPRISES) % 20_000_000
                return f"{first:08d}{97 - first % 97:02d}"
            if check == (body % 97 or 97):                                      # a structured communication
                new = self.random.randrange(10 ** (len(token) - 3), 10 ** (len(token) - 2))
                return f"{new}{new % 97 or 97:02d}"
        return "".join(self._like(c) for c in token)

    def _like(self, char: str) -> str:
        if char.isdigit():
            return self.random.choice(string.digits)
        if char.isupper():
            return self.random.choice(string.ascii_uppercase)
        if char.islower():
            return self.random.choice(string.ascii_lowercase)
        return char

    def copy(self) -> dict[str, list[Item]]:
        """One copy of the graph with fresh identifiers."""
        mapping = {t: self._new(t) for t in self.tokens}
        out: dict[str, list[Item]] = {}
        for lid, rows in self.copyable.items():
            text = json.dumps(rows)
            if self.pattern is not None:
                text = self.pattern.sub(lambda m: mapping[m.group(0)], text)
            out[lid] = json.loads(text)
        return out


def insert(stack: Any, items: dict[str, list[Item]]) -> int:
    """Straight into moto's in-process tables (no HTTP, no validation, no conditions: the copies are
    made of items DynamoDB accepted), while the system is idle: the item count."""
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.dynamo_type import DynamoType, LimitedSizeDict
    from moto.dynamodb.models.dynamo_type import Item as MotoItem
    backend = dynamodb_backends[stack.account][stack.region]
    count = 0
    for lid, rows in items.items():
        table = backend.get_table(stack.template.name(lid))
        for row in rows:
            hash_value = DynamoType(row[table.hash_key_attr])
            range_value = DynamoType(row[table.range_key_attr]) if table.range_key_attr else None
            item = MotoItem(hash_value, range_value, {})
            item.attrs = LimitedSizeDict({k: DynamoType(v) for k, v in row.items()})   # no per-attribute size sum
            if range_value is None:
                table.items[hash_value] = item
            else:
                table.items[hash_value][range_value] = item
            count += 1
    return count


def multiply(stack: Any, graph: Graph, copies: int) -> int:
    return sum(insert(stack, graph.copy()) for _ in range(copies))
