"""The ASCN8 demo's rooms at Hotel Shangri-La, session types, tracks and speakers, in
English and Malay."""

ROOMS = [
    ("Grand Ballroom", "Dewan Besar", "Level 1", 1200),
    ("Smart City Connect Exhibition Hall", "Dewan Pameran Smart City Connect", "Level 1", 800),
    ("Sabah Room", "Bilik Sabah", "Level 2", 180),
    ("Sarawak Room", "Bilik Sarawak", "Level 2", 180),
    ("Johor Room", "Bilik Johor", "Level 2", 90),
    ("Melaka Boardroom", "Bilik Mesyuarat Melaka", "Level 3", 40),
    ("Lobby Porch (coach departures)", "Anjung Lobi (perlepasan bas)", "Ground floor", None),
]

FLOORS_MS = {"Ground floor": "Aras Bawah", "Level 1": "Aras 1", "Level 2": "Aras 2", "Level 3": "Aras 3"}

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

ORGANISATIONS_MS = {
    "Ministry of Housing and Local Government, Malaysia": "Kementerian Perumahan dan Kerajaan Tempatan, Malaysia",
    "ASEAN Secretariat": "Sekretariat ASEAN",
    "Kuala Lumpur City Hall": "Dewan Bandaraya Kuala Lumpur",
    "Putrajaya Corporation": "Perbadanan Putrajaya",
    "Urban Redevelopment Authority, Singapore": "Lembaga Pembangunan Semula Bandar, Singapura",
    "Da Nang City People's Committee": "Jawatankuasa Rakyat Bandar Da Nang",
    "Digital Economy Promotion Agency, Thailand": "Agensi Promosi Ekonomi Digital, Thailand",
    "City Government of Cebu": "Kerajaan Bandar Cebu",
    "Universiti Teknologi Malaysia": "Universiti Teknologi Malaysia",
}

# key: (full name, position en, position ms, organisation in English, biography en, biography ms)
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
