"""The load run's members, for Locust; `make load` runs them (bench/load.py).

Half the users are creators, half subscribers, each logged in through the login
form as a different member of the seeded site (--site, JSON from bench/load_data.py)
while there are enough. Then each loops, without pause, over its role's share of MIX:
half creators and half subscribers together make MIX. At the end, every upload's
caption and answer, the count of each action's answers, Locust's figures and any
exception raised go to --record (JSON) for the consistency check and the results.
"""

import itertools
import json
import random
import uuid
from collections import Counter, defaultdict
from pathlib import Path

from locust import HttpUser, constant, events
from locust.exception import StopUser

from bench.load_data import CAPTION_PREFIX, MIX, photo_jpeg

REQUEST_TIMEOUT = 30.0  # seconds, each request
READS = ("home", "photos", "blog")
EXPECTED = {
    "login page": 200,
    "login": 302,
    "home": 200,
    "photos": 200,
    "blog": 200,
    "upload": 302,
    "follow": 302,
    "edit": 302,
}

SITE: dict = {}
RECORD = {
    "uploads": {},  # caption -> status; None: sent, no answer
    "status": defaultdict(Counter),  # action -> status -> count; 0: no answer
    "not_logged_in": 0,
}


@events.init_command_line_parser.add_listener
def add_options(parser) -> None:
    parser.add_argument("--site", required=True, help="the seeded site (JSON file)")
    parser.add_argument("--record", required=True, help="where to write the record")


@events.init.add_listener
def read_site(environment, **kwargs) -> None:
    SITE.update(json.loads(Path(environment.parsed_options.site).read_text()))


@events.quitting.add_listener
def write_record(environment, **kwargs) -> None:
    """Write the record, with Locust's figures once every user has stopped."""
    stats = environment.runner.stats
    RECORD["figures"] = {
        entry.name: figures(entry) for entry in stats.entries.values()
    } | {"all": figures(stats.total)}
    RECORD["exceptions"] = [
        f"{error['count']} x {error['msg']}"
        for error in environment.runner.exceptions.values()
    ]
    Path(environment.parsed_options.record).write_text(json.dumps(RECORD))


def figures(entry) -> dict:
    """Locust's figures of one action (or all): requests, rate, percentiles."""
    return {
        "count": entry.num_requests,
        "failures": entry.num_failures,
        "requests_per_second": round(entry.total_rps, 1),
        "p50_ms": entry.get_response_time_percentile(0.5),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "max_ms": round(entry.max_response_time or 0, 1),
    }


def weights(own: tuple[str, ...]) -> dict[str, int]:
    """A role's share of MIX, in thirds of a percent, doing `own` for both roles."""
    own_share = sum(MIX[action] for action in own) * 2
    reads_total = sum(MIX[action] for action in READS)
    shares = {action: MIX[action] * 2 * 3 for action in own}
    for action in READS:
        shares[action] = MIX[action] * (100 - own_share) * 3 // reads_total
    return shares


CREATOR = weights(("upload", "edit"))
SUBSCRIBER = weights(("follow",))


class Member(HttpUser):
    """A member who logs in through the form, then loops over the actions."""

    abstract = True
    wait_time = constant(0)
    numbers: itertools.count  # this class's users, numbered as they start

    def members(self) -> list[str]:
        """Whom the users of this class log in as, in turn."""
        raise NotImplementedError

    def on_start(self) -> None:
        number = next(self.numbers)
        self.username = self.members()[number % len(self.members())]
        self.rng = random.Random(f"{self.username}-{number}")
        self.jpegs = [photo_jpeg(number * 10 + index) for index in range(3)]
        for _ in range(3):
            if self.log_in():
                return
        RECORD["not_logged_in"] += 1
        raise StopUser

    def send(self, action: str, method: str, path: str, **kwargs) -> int:
        """One request, its answer counted, a failure unless the expected status."""
        with self.client.request(
            method,
            path,
            name=action,
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT,
            catch_response=True,
            **kwargs,
        ) as response:
            status = response.status_code or 0
            RECORD["status"][action][status] += 1
            if status == EXPECTED[action]:
                response.success()
            else:
                response.failure(f"{status or 'no answer'}, not {EXPECTED[action]}")
        return status

    def post(self, action: str, path: str, fields: dict, **kwargs) -> int:
        token = self.client.cookies.get("csrftoken", "")
        data = {"csrfmiddlewaretoken": token, **fields}
        return self.send(action, "POST", path, data=data, **kwargs)

    def log_in(self) -> bool:
        self.send("login page", "GET", "/login/")
        fields = {"username": self.username, "password": SITE["password"], "next": ""}
        return self.post("login", "/login/", fields) == 302

    def home(self) -> None:
        self.send("home", "GET", "/")

    def photos(self) -> None:
        self.send("photos", "GET", "/photos/")

    def blog(self) -> None:
        blogs = [pk for c in SITE["creators"].values() for pk in c["blogs"]]
        self.send("blog", "GET", f"/blog/{self.rng.choice(blogs)}/")


class Creator(Member):
    """Reads, uploads a photo, edits one of their blogs."""

    numbers = itertools.count()

    def members(self) -> list[str]:
        return list(SITE["creators"])

    def upload(self) -> None:
        caption = f"{CAPTION_PREFIX}{self.username}-{uuid.uuid4().hex[:12]}"
        RECORD["uploads"][caption] = None
        photo = ("photo.jpg", self.rng.choice(self.jpegs), "image/jpeg")
        status = self.post(
            "upload", "/photo/upload/", {"caption": caption}, files={"image": photo}
        )
        RECORD["uploads"][caption] = status or None

    def edit(self) -> None:
        blog = self.rng.choice(SITE["creators"][self.username]["blogs"])
        edit = uuid.uuid4().hex[:8]
        fields = {
            "title": f"{self.username} blog {blog} (edit {edit})",
            "content": f"Edit {edit} by {self.username}. " * 10,
        }
        self.post("edit", f"/blog/{blog}/edit/", fields)

    tasks = {
        Member.home: CREATOR["home"],
        Member.photos: CREATOR["photos"],
        Member.blog: CREATOR["blog"],
        upload: CREATOR["upload"],
        edit: CREATOR["edit"],
    }


class Subscriber(Member):
    """Reads, follows and unfollows creators."""

    numbers = itertools.count()

    def members(self) -> list[str]:
        return SITE["subscribers"]

    def follow(self) -> None:
        """Follow or unfollow one creator, as the Follow button on Discover does."""
        username = self.rng.choice(list(SITE["creators"]))
        follow = self.rng.choice(["0", "1"])
        self.post("follow", f"/creators/{username}/follow/", {"follow": follow})

    tasks = {
        Member.home: SUBSCRIBER["home"],
        Member.photos: SUBSCRIBER["photos"],
        Member.blog: SUBSCRIBER["blog"],
        follow: SUBSCRIBER["follow"],
    }
