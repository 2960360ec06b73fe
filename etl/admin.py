"""Pre-2025 administrative units of Bạc Liêu: province, districts, communes.

The province and the 7 district polygons come from the bundled dvhcvn files.
The 64 communes have no open polygons (see ``docs/data.md``), so they are a
**lookup table**, not a map layer: a layer of 64 features without geometry
would show nothing on the map and would only duplicate this table. The
lookup turns a GSO code or a published commune name ("Ninh Quới A",
"Châu Hưng (TT)") into a commune code and name.

Since 1 July 2025 Bạc Liêu is part of Cà Mau province and districts are
abolished; :data:`TODAY_UNIT` is the only post-2025 unit the ETL writes.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from etl.crs import METRIC_CRS
from webmap.domain import normalise

PROVINCE_FILE = "dvhcvn_95_bac_lieu_province.geojson"
DISTRICTS_FILE = "dvhcvn_95_bac_lieu_districts.geojson"
COMMUNES_FILE = "dvhcvn_bac_lieu_communes_list_no_geometry.csv"
#: Bạc Liêu and the provinces around it (OpenDevelopment Vietnam), to tell a feature off
#: Bạc Liêu's coast from one in a neighbouring province.
NEIGHBOURS_FILE = "odv_diaphantinh_bac_lieu_and_neighbours.geojson"
_HOME_PROVINCE = "Bạc Liêu"
#: Province that has contained the former Bạc Liêu province since the merger.
TODAY_UNIT = "Tỉnh Cà Mau"
#: Date the 2025 provincial merger took effect (Resolution 202/2025/QH15).
MERGER_DATE = date(2025, 7, 1)

_TYPE_HINTS = {"tt": "Thị trấn", "xã": "Xã", "xa": "Xã", "phường": "Phường", "p": "Phường"}


@dataclass(frozen=True)
class Commune:
    """One pre-2025 commune-level unit (GSO code list of 01/03/2025)."""

    code: str
    name: str
    type: str
    district_code: str
    district_name: str


@dataclass(frozen=True)
class AdminData:
    """Province polygon, district polygons and the commune lookup.

    Attributes:
        province: Province polygon (EPSG:4326).
        districts: GeoDataFrame with ``code``, ``name`` and geometry (EPSG:4326).
        communes: The 64 communes.
        files: The files read (part of the build checksum).
        neighbours: The neighbouring provinces (``name`` and geometry, EPSG:4326).
    """

    province: BaseGeometry
    districts: gpd.GeoDataFrame
    communes: tuple[Commune, ...]
    files: tuple[Path, ...]
    neighbours: gpd.GeoDataFrame | None = None

    def other_province(self, geom: BaseGeometry) -> str | None:
        """The neighbouring province ``geom`` lies in or nearer to than to Bạc Liêu, if any.

        ``None`` for a geometry in Bạc Liêu or off its coast (nearer to it than to any
        neighbour), and when the neighbours are not known.
        """
        if self.neighbours is None or geom.intersects(self.province):
            return None
        to_metric = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)

        def metric(shape: BaseGeometry) -> BaseGeometry:
            return shapely.transform(
                shape, lambda xy: np.column_stack(to_metric.transform(xy[:, 0], xy[:, 1]))
            )

        target = metric(geom)
        home = metric(self.province).distance(target)
        gaps = self.neighbours.to_crs(METRIC_CRS).distance(target)
        nearest = gaps.idxmin()
        return str(self.neighbours.loc[nearest, "name"]) if gaps[nearest] <= home else None

    def district_name(self, code: str) -> str | None:
        """Name of a district from its GSO code, or ``None``."""
        return self.district_names.get(str(code))

    @functools.cached_property
    def district_names(self) -> dict[str, str]:
        """GSO code → district name."""
        pairs = zip(self.districts["code"], self.districts["name"], strict=True)
        return {str(code): str(name) for code, name in pairs}

    def districts_union(self, codes: list[str]) -> BaseGeometry:
        """Union of the district polygons with the given GSO codes.

        Raises:
            KeyError: If a code is not one of the 7 districts.
        """
        missing = [c for c in codes if c not in set(self.districts["code"])]
        if missing:
            raise KeyError(", ".join(missing))
        part = self.districts[self.districts["code"].isin([str(c) for c in codes])]
        return part.geometry.union_all()

    def resolve_commune(self, hint: str | None, district_code: str | None) -> Commune | None:
        """Find the commune a published text names, if it names exactly one.

        Args:
            hint: A commune name as published, e.g. ``"Ninh Quới A"`` or
                ``"Châu Hưng (TT)"`` (TT = thị trấn), or a 5-digit GSO code.
                Hints listing alternatives (``"A / B"``) are ambiguous.
            district_code: GSO district code restricting the search.

        Returns:
            The commune, or ``None`` when the hint is empty, ambiguous or unknown.
        """
        if not hint or "/" in hint or "ambiguous" in hint.lower():
            return None
        hint = hint.strip()
        pool = [c for c in self.communes if district_code in (None, c.district_code)]
        if hint.isdigit():
            hits = [c for c in pool if c.code == hint]
            return hits[0] if len(hits) == 1 else None
        wanted_type = None
        m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", hint)
        if m:
            hint, wanted_type = m.group(1), _TYPE_HINTS.get(m.group(2).strip().lower())
        key = normalise(hint)
        hits = [
            c
            for c in pool
            if normalise(_strip_type(c.name)) == key
            and (wanted_type is None or c.type == wanted_type)
        ]
        return hits[0] if len(hits) == 1 else None


def _strip_type(name: str) -> str:
    for prefix in ("Thị trấn ", "Phường ", "Xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def load_admin(data_dir: Path) -> AdminData:
    """Load the bundled administrative data from ``layers/data``.

    Args:
        data_dir: Folder holding the dvhcvn files.

    Returns:
        Province, districts and the commune lookup.
    """
    return _load_admin(str(Path(data_dir).resolve()))


@lru_cache(maxsize=4)
def _load_admin(data_dir: str) -> AdminData:
    folder = Path(data_dir)
    province_gdf = gpd.read_file(folder / PROVINCE_FILE, engine="pyogrio").to_crs(4326)
    districts = gpd.read_file(folder / DISTRICTS_FILE, engine="pyogrio").to_crs(4326)
    districts = gpd.GeoDataFrame(
        {
            "code": districts["level2_id"].astype(str),
            "name": districts["name"].astype(str),
        },
        geometry=districts.geometry,
        crs=4326,
    )
    communes: list[Commune] = []
    with open(folder / COMMUNES_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            communes.append(
                Commune(
                    code=row["level3_id"],
                    name=row["commune"],
                    type=row["commune_type"],
                    district_code=row["level2_id"],
                    district_name=row["district"],
                )
            )
    files = [folder / PROVINCE_FILE, folder / DISTRICTS_FILE, folder / COMMUNES_FILE]
    neighbours = None
    if (folder / NEIGHBOURS_FILE).is_file():
        around = gpd.read_file(folder / NEIGHBOURS_FILE, engine="pyogrio").to_crs(4326)
        others = around[around["ten_tinh"].astype(str).str.strip() != _HOME_PROVINCE]
        neighbours = gpd.GeoDataFrame(
            {"name": others["ten_tinh"].astype(str).str.strip()}, geometry=others.geometry, crs=4326
        )
        files.append(folder / NEIGHBOURS_FILE)
    return AdminData(
        province=province_gdf.geometry.union_all(),
        districts=districts,
        communes=tuple(communes),
        files=tuple(files),
        neighbours=neighbours,
    )
