"""The ASCN8 programme, 8–12 September 2025 at Hotel Shangri-La Kuala Lumpur, in English
and Malay. Idempotent: rows are found by natural keys; release 1 is published once."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ascn.accounts.models import User
from ascn.extensions import db
from ascn.programme.content import sanitise
from ascn.programme.models import (
    ProgrammeRelease,
    ProgrammeSession,
    Room,
    SessionSpeaker,
    SessionType,
    Speaker,
    Track,
)

ROOMS = [
    ("Grand Ballroom", "Dewan Besar", "Level 1", 1200),
    ("Smart City Connect Exhibition Hall", "Dewan Pameran Smart City Connect", "Level 1", 800),
    ("Sabah Room", "Bilik Sabah", "Level 2", 180),
    ("Sarawak Room", "Bilik Sarawak", "Level 2", 180),
    ("Johor Room", "Bilik Johor", "Level 2", 90),
    ("Melaka Boardroom", "Bilik Mesyuarat Melaka", "Level 3", 40),
    ("Lobby Porch (coach departures)", "Anjung Lobi (perlepasan bas)", "Ground floor", None),
]

TYPES = [
    ("ceremony", "Ceremony", "Majlis", "#8b1a1a"),
    ("plenary", "Plenary", "Sesi pleno", "#0b5d6b"),
    ("dialogue", "Dialogue", "Dialog", "#1565c0"),
    ("expert_talk", "Smart City Expert Talk", "Smart City Expert Talk", "#6a1b9a"),
    ("exhibition", "Exhibition", "Pameran", "#e65100"),
    ("side_event", "Side event", "Acara sampingan", "#2e7d32"),
    ("site_visit", "Site visit", "Lawatan teknikal", "#00796b"),
    ("break", "Break", "Rehat", "#78909c"),
]

TRACKS = [
    ("policy", "Policy", "Dasar"),
    ("technical", "Technical", "Teknikal"),
    ("partnerships", "Partnerships", "Kerjasama"),
]

# key: (full name, position en, position ms, organisation, biography en, biography ms)
SPEAKERS = {
    "kpkt": (
        "Dato' Dr. Rahimah binti Yusof",
        "Secretary-General",
        "Ketua Setiausaha",
        "Ministry of Housing and Local Government, Malaysia",
        "Leads Malaysia's ministry for housing and local government and chairs the national smart city steering committee.",
        "Mengetuai kementerian yang bertanggungjawab bagi perumahan dan kerajaan tempatan serta mempengerusikan jawatankuasa pemandu bandar pintar kebangsaan.",
    ),
    "asec": (
        "Ms. Dewi Anggraini",
        "Director, Sustainable Development",
        "Pengarah, Pembangunan Mampan",
        "ASEAN Secretariat",
        "Coordinates the ASEAN Smart Cities Network across the ten member states and the network's external partners.",
        "Menyelaras Rangkaian Bandar Pintar ASEAN di sepuluh negara anggota serta rakan kerjasama luar rangkaian.",
    ),
    "dbkl": (
        "Ir. Tan Chee Keong",
        "Director of Urban Planning",
        "Pengarah Perancangan Bandar",
        "Kuala Lumpur City Hall",
        "An engineer and planner who led Kuala Lumpur's smart city blueprint and its open data programme.",
        "Jurutera dan perancang yang menerajui pelan tindakan bandar pintar Kuala Lumpur dan program data terbukanya.",
    ),
    "ppj": (
        "Puan Norazlina binti Ismail",
        "Head of Smart City Operations",
        "Ketua Operasi Bandar Pintar",
        "Putrajaya Corporation",
        "Runs the Putrajaya Command Centre, which brings traffic, safety and utilities into one operations room.",
        "Menguruskan Pusat Kawalan Putrajaya yang menghimpunkan pengurusan trafik, keselamatan dan utiliti di bawah satu bilik operasi.",
    ),
    "sg": (
        "Mr. Lim Boon Huat",
        "Chief Planner",
        "Ketua Perancang",
        "Urban Redevelopment Authority, Singapore",
        "Works on digital twins for planning and on cooperation between cities of the network.",
        "Mengusahakan kembar digital untuk perancangan dan kerjasama antara bandar-bandar dalam rangkaian.",
    ),
    "vn": (
        "Dr. Nguyễn Thị Lan",
        "Deputy Director, Smart City Centre",
        "Timbalan Pengarah, Pusat Bandar Pintar",
        "Da Nang City People's Committee",
        "Leads Da Nang's work on flood early warning and integrated public services.",
        "Menerajui usaha Da Nang dalam amaran awal banjir dan perkhidmatan awam bersepadu.",
    ),
    "th": (
        "Khun Somchai Prasert",
        "Smart City Programme Manager",
        "Pengurus Program Bandar Pintar",
        "Digital Economy Promotion Agency, Thailand",
        "Manages Thailand's smart city certification and its partnerships with private investors.",
        "Menguruskan pensijilan bandar pintar Thailand dan kerjasamanya dengan pelabur swasta.",
    ),
    "ph": (
        "Atty. Maria Cristina Reyes",
        "City Administrator",
        "Pentadbir Bandar",
        "City Government of Cebu",
        "Oversees Cebu's digital permits and its resilient infrastructure programme.",
        "Menyelia permit digital Cebu dan program infrastruktur berdayatahannya.",
    ),
    "moderator": (
        "Prof. Dr. Hafiz bin Abdullah",
        "Professor of Urban Studies",
        "Profesor Pengajian Bandar",
        "Universiti Teknologi Malaysia",
        "Researches smart and sustainable urban development in Southeast Asia and advises several ASEAN cities.",
        "Menyelidik pembangunan bandar pintar dan mampan di Asia Tenggara serta menjadi penasihat kepada beberapa bandar ASEAN.",
    ),
}

T = "technical"
P = "policy"
K = "partnerships"

# (day 0-4, start, end, type, track, room index or None, audience, title en, title ms, description en, description ms, people)
SESSIONS = [
    (
        0,
        "08:00",
        "09:00",
        "break",
        None,
        0,
        "everyone",
        "Registration and morning coffee",
        "Pendaftaran dan minum pagi",
        "",
        "",
        [],
    ),
    (
        0,
        "09:00",
        "10:30",
        "ceremony",
        None,
        0,
        "everyone",
        "Opening plenary",
        "Sesi pleno perasmian",
        "Welcome by the host, keynote addresses and the official opening of ASCN8.",
        "Ucapan alu-aluan tuan rumah, ucaptama dan perasmian rasmi ASCN8.",
        [("kpkt", "speaker"), ("asec", "speaker"), ("moderator", "moderator")],
    ),
    (0, "10:30", "11:00", "break", None, 1, "everyone", "Coffee break", "Rehat minum pagi", "", "", []),
    (
        0,
        "11:00",
        "12:30",
        "plenary",
        P,
        0,
        "everyone",
        "ASCN at eight: progress report of the network",
        "ASCN pada tahun kelapan: laporan kemajuan rangkaian",
        "The ASEAN Secretariat and the member cities report on projects since the last annual meeting.",
        "Urus Setia ASEAN dan bandar-bandar anggota melaporkan projek sejak mesyuarat tahunan yang lalu.",
        [("asec", "speaker"), ("kpkt", "chair")],
    ),
    (0, "12:30", "14:00", "break", None, None, "everyone", "Lunch", "Makan tengah hari", "", "", []),
    (
        0,
        "14:00",
        "14:30",
        "ceremony",
        None,
        1,
        "everyone",
        "Opening of the Smart City Connect Exhibition",
        "Perasmian Pameran Smart City Connect",
        "Ribbon cutting and a walk through the exhibition with the heads of delegation.",
        "Pengguntingan reben dan lawatan pameran bersama ketua-ketua delegasi.",
        [("kpkt", "speaker")],
    ),
    (
        0,
        "14:30",
        "16:00",
        "dialogue",
        T,
        2,
        "everyone",
        "Technical dialogue 1: urban mobility and public transport",
        "Dialog teknikal 1: mobiliti bandar dan pengangkutan awam",
        "How cities use data to plan bus networks, first and last mile links and fare systems.",
        "Cara bandar menggunakan data untuk merancang rangkaian bas, perhubungan batu pertama dan terakhir serta sistem tambang.",
        [("dbkl", "speaker"), ("sg", "speaker"), ("moderator", "moderator")],
    ),
    (
        0,
        "14:30",
        "15:30",
        "expert_talk",
        T,
        3,
        "everyone",
        "Smart City Expert Talk: digital twins for planning",
        "Smart City Expert Talk: kembar digital untuk perancangan",
        "A practical look at building and using a city's digital twin.",
        "Tinjauan praktikal tentang cara membina dan menggunakan kembar digital sesebuah bandar.",
        [("sg", "speaker")],
    ),
    (
        0,
        "19:30",
        "21:30",
        "side_event",
        K,
        0,
        "everyone",
        "Welcome dinner hosted by Malaysia",
        "Majlis makan malam alu-aluan oleh Malaysia",
        "Dress code: national dress or lounge suit.",
        "Pakaian: pakaian kebangsaan atau sut lounge.",
        [],
    ),
    (
        1,
        "09:00",
        "10:30",
        "dialogue",
        P,
        0,
        "everyone",
        "ASCAP 2026–2035 policy dialogue, part 1: the vision",
        "Dialog dasar ASCAP 2026–2035, bahagian 1: wawasan",
        "Member states discuss the draft ASEAN Smart Cities Action Plan 2026–2035 and its goals.",
        "Negara anggota membincangkan draf Pelan Tindakan Bandar Pintar ASEAN 2026–2035 dan matlamatnya.",
        [("asec", "speaker"), ("kpkt", "chair"), ("moderator", "moderator")],
    ),
    (1, "10:30", "11:00", "break", None, None, "everyone", "Coffee break", "Rehat minum pagi", "", "", []),
    (
        1,
        "11:00",
        "12:30",
        "dialogue",
        P,
        0,
        "everyone",
        "ASCAP 2026–2035 policy dialogue, part 2: financing and delivery",
        "Dialog dasar ASCAP 2026–2035, bahagian 2: pembiayaan dan pelaksanaan",
        "Funding models, public–private partnerships and how progress will be measured.",
        "Model pembiayaan, perkongsian awam-swasta dan cara kemajuan akan diukur.",
        [("th", "speaker"), ("ph", "speaker"), ("moderator", "moderator")],
    ),
    (1, "12:30", "14:00", "break", None, None, "everyone", "Lunch", "Makan tengah hari", "", "", []),
    (
        1,
        "14:00",
        "15:30",
        "dialogue",
        T,
        2,
        "everyone",
        "Technical dialogue 2: flood resilience and early warning",
        "Dialog teknikal 2: ketahanan banjir dan amaran awal",
        "Sensors, forecasting and warning residents in time.",
        "Penderia, ramalan dan cara memberi amaran kepada penduduk tepat pada masanya.",
        [("vn", "speaker"), ("ppj", "speaker"), ("dbkl", "moderator")],
    ),
    (
        1,
        "14:00",
        "15:30",
        "dialogue",
        T,
        3,
        "everyone",
        "Technical dialogue 3: digital public services",
        "Dialog teknikal 3: perkhidmatan awam digital",
        "Permits, payments and one-stop portals for residents and businesses.",
        "Permit, pembayaran dan portal sehenti untuk penduduk dan perniagaan.",
        [("ph", "speaker"), ("th", "speaker")],
    ),
    (
        1,
        "16:00",
        "17:00",
        "expert_talk",
        T,
        4,
        "everyone",
        "Smart City Expert Talk: open data that people use",
        "Smart City Expert Talk: data terbuka yang digunakan rakyat",
        "Lessons from Kuala Lumpur's open data portal.",
        "Pengajaran daripada portal data terbuka Kuala Lumpur.",
        [("dbkl", "speaker")],
    ),
    (
        1,
        "09:00",
        "17:00",
        "exhibition",
        K,
        1,
        "everyone",
        "Smart City Connect Exhibition",
        "Pameran Smart City Connect",
        "Solutions from cities, companies and partners of the network.",
        "Penyelesaian daripada bandar, syarikat dan rakan kerjasama rangkaian.",
        [],
    ),
    (
        2,
        "08:30",
        "12:30",
        "site_visit",
        K,
        6,
        "everyone",
        "Site visit A: Putrajaya Command Centre",
        "Lawatan teknikal A: Pusat Kawalan Putrajaya",
        "Coaches leave from the Lobby Porch at 08:30. Bring your badge.",
        "Bas bertolak dari Anjung Lobi pada jam 08:30. Sila bawa pas anda.",
        [("ppj", "speaker")],
    ),
    (
        2,
        "08:30",
        "12:30",
        "site_visit",
        K,
        None,
        "everyone",
        "Site visit B: Putrajaya Wetlands",
        "Lawatan teknikal B: Taman Wetland Putrajaya",
        "Nature-based solutions for storm water. Coaches leave from the Lobby Porch at 08:30.",
        "Penyelesaian berasaskan alam semula jadi untuk air ribut. Bas bertolak dari Anjung Lobi pada jam 08:30.",
        [],
    ),
    (
        2,
        "14:00",
        "18:00",
        "site_visit",
        K,
        None,
        "everyone",
        "Site visit C: Putrajaya Command Centre (afternoon)",
        "Lawatan teknikal C: Pusat Kawalan Putrajaya (petang)",
        "A repeat of the morning visit for delegates in the morning dialogues.",
        "Ulangan lawatan pagi untuk perwakilan yang menghadiri dialog pada waktu pagi.",
        [("ppj", "speaker")],
    ),
    (
        2,
        "09:30",
        "11:00",
        "dialogue",
        T,
        2,
        "everyone",
        "Technical dialogue 4: smart energy in buildings",
        "Dialog teknikal 4: tenaga pintar dalam bangunan",
        "Metering, cooling and solar on public buildings.",
        "Pemeteran, penyejukan dan tenaga suria pada bangunan awam.",
        [("sg", "speaker"), ("moderator", "moderator")],
    ),
    (
        2,
        "09:00",
        "17:00",
        "exhibition",
        K,
        1,
        "everyone",
        "Smart City Connect Exhibition",
        "Pameran Smart City Connect",
        "Solutions from cities, companies and partners of the network.",
        "Penyelesaian daripada bandar, syarikat dan rakan kerjasama rangkaian.",
        [],
    ),
    (
        3,
        "09:00",
        "10:00",
        "expert_talk",
        T,
        3,
        "everyone",
        "Smart City Expert Talk: cybersecurity for city systems",
        "Smart City Expert Talk: keselamatan siber untuk sistem bandar",
        "Protecting command centres and city data.",
        "Melindungi pusat kawalan dan data bandar.",
        [("th", "speaker")],
    ),
    (
        3,
        "10:00",
        "12:00",
        "plenary",
        P,
        0,
        "ministers",
        "Ministerial session",
        "Sesi peringkat menteri",
        "Ministers responsible for urban development review the ASCAP 2026–2035 and the chair's statement.",
        "Menteri-menteri yang bertanggungjawab bagi pembangunan bandar meneliti ASCAP 2026–2035 dan kenyataan pengerusi.",
        [("kpkt", "chair"), ("asec", "speaker")],
    ),
    (3, "12:00", "14:00", "break", None, None, "everyone", "Lunch", "Makan tengah hari", "", "", []),
    (
        3,
        "14:00",
        "16:00",
        "plenary",
        P,
        5,
        "heads_of_delegation",
        "Heads of Delegation meeting",
        "Mesyuarat Ketua-ketua Delegasi",
        "Agreement on the outcome documents for the closing plenary.",
        "Persetujuan tentang dokumen hasil untuk sesi pleno penutup.",
        [("asec", "chair")],
    ),
    (
        3,
        "14:00",
        "15:30",
        "side_event",
        K,
        2,
        "everyone",
        "Side event: ASEAN–partner city matchmaking",
        "Acara sampingan: padanan bandar ASEAN dan rakan kerjasama",
        "Cities meet partners and investors for their pipeline projects.",
        "Bandar bertemu rakan kerjasama dan pelabur bagi projek-projek dalam perancangan.",
        [("vn", "speaker"), ("ph", "speaker")],
    ),
    (
        3,
        "09:00",
        "17:00",
        "exhibition",
        K,
        1,
        "everyone",
        "Smart City Connect Exhibition",
        "Pameran Smart City Connect",
        "Solutions from cities, companies and partners of the network.",
        "Penyelesaian daripada bandar, syarikat dan rakan kerjasama rangkaian.",
        [],
    ),
    (
        4,
        "09:30",
        "11:00",
        "ceremony",
        None,
        0,
        "everyone",
        "Closing plenary",
        "Sesi pleno penutup",
        "Adoption of the chair's statement, handover to the next chair and closing remarks.",
        "Penerimaan kenyataan pengerusi, penyerahan kepada pengerusi seterusnya dan ucapan penutup.",
        [("kpkt", "speaker"), ("asec", "speaker"), ("moderator", "moderator")],
    ),
    (
        4,
        "11:30",
        "12:15",
        "side_event",
        None,
        5,
        "invitation",
        "Press conference",
        "Sidang media",
        "For accredited media and invited speakers.",
        "Untuk media yang diakreditasi dan penceramah jemputan.",
        [("kpkt", "speaker")],
    ),
    (
        4,
        "12:30",
        "14:00",
        "break",
        None,
        None,
        "everyone",
        "Farewell lunch",
        "Makan tengah hari perpisahan",
        "",
        "",
        [],
    ),
]


def _get(model, where: dict, values: dict, added: dict):
    row = db.session.scalar(select(model).filter_by(**where))
    if row is None:
        row = model(**where, **values)
        db.session.add(row)
        added[model.__tablename__] = added.get(model.__tablename__, 0) + 1
    return row


def seed_programme(event, added: dict) -> None:
    rooms = [
        _get(
            Room,
            {"event_id": event.id, "name_en": en},
            {"name_ms": ms, "floor": floor, "capacity": cap, "sort_order": n},
            added,
        )
        for n, (en, ms, floor, cap) in enumerate(ROOMS)
    ]
    types = {
        code: _get(
            SessionType,
            {"event_id": event.id, "code": code},
            {"label_en": en, "label_ms": ms, "colour": colour, "sort_order": n},
            added,
        )
        for n, (code, en, ms, colour) in enumerate(TYPES)
    }
    tracks = {
        code: _get(Track, {"event_id": event.id, "name_en": en}, {"name_ms": ms, "sort_order": n}, added)
        for n, (code, en, ms) in enumerate(TRACKS)
    }
    speakers = {}
    for key, (name, pos_en, pos_ms, org, bio_en, bio_ms) in SPEAKERS.items():
        speakers[key] = _get(
            Speaker,
            {"event_id": event.id, "full_name": name},
            {
                "position_en": pos_en,
                "position_ms": pos_ms,
                "organisation": org,
                "biography_en": sanitise(bio_en),
                "biography_ms": sanitise(bio_ms),
            },
            added,
        )
    # One speaker is a registered delegate: the focal point of Singapore, when present.
    focal = db.session.scalar(select(User).where(User.email == "focal.sg@ascn8.example"))
    if focal is not None and speakers["sg"].user_id is None:
        speakers["sg"].user_id = focal.id
    db.session.flush()
    tz = event.tz
    for day, start, end, code, track, room, audience, t_en, t_ms, d_en, d_ms, people in SESSIONS:
        when = date(2025, 9, 8) + timedelta(days=day)
        starts_at = datetime.combine(when, time.fromisoformat(start), tzinfo=tz)
        session = db.session.scalar(
            select(ProgrammeSession).where(
                ProgrammeSession.event_id == event.id,
                ProgrammeSession.title_en == t_en,
                ProgrammeSession.starts_at == starts_at,
            )
        )
        if session is not None:
            continue
        session = ProgrammeSession(
            event_id=event.id,
            title_en=t_en,
            title_ms=t_ms,
            description_en=sanitise(d_en),
            description_ms=sanitise(d_ms),
            session_type=types[code],
            track=tracks[track] if track else None,
            room=rooms[room] if room is not None else None,
            starts_at=starts_at,
            ends_at=datetime.combine(when, time.fromisoformat(end), tzinfo=tz),
            audience=audience,
        )
        session.speakers = [
            SessionSpeaker(speaker=speakers[key], role=role, sort_order=n)
            for n, (key, role) in enumerate(people)
        ]
        db.session.add(session)
        added["programme_session"] = added.get("programme_session", 0) + 1
    db.session.flush()
    if (
        db.session.scalar(select(ProgrammeRelease.id).where(ProgrammeRelease.event_id == event.id).limit(1))
        is None
    ):
        _publish_first_release(event, added)


def _publish_first_release(event, added: dict) -> None:
    import json

    from ascn.programme import snapshot
    from ascn.programme.publishing import _digest

    data = snapshot.build(event)
    text, digest = _digest(data)
    organiser = db.session.scalar(select(User.id).where(User.email == "organiser@ascn8.example"))
    db.session.add(
        ProgrammeRelease(
            event_id=event.id,
            number=1,
            published_by_id=organiser,
            snapshot=text,
            digest=digest,
            changes=json.dumps(
                [{"session_id": s["id"], "kind": "added", "fields": []} for s in data["sessions"]]
            ),
        )
    )
    added["programme_release"] = 1
