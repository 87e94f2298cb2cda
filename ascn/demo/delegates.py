"""Who the ASCN8 demo's delegates are: their ministries and cities, positions, partner
delegates, and the reasons an organiser gives."""

# code: (ministry, city bodies, university, news agency or "", think tank or "")
# fmt: off
ORGANISATIONS = {
    "BN": ("Ministry of Development", ("Bandar Seri Begawan Municipal Board", "Authority for Info-communications Technology Industry"), "Universiti Brunei Darussalam", "", ""),
    "KH": ("Ministry of Land Management, Urban Planning and Construction", ("Phnom Penh Capital Administration", "Siem Reap Provincial Administration", "Battambang Provincial Administration"), "Royal University of Phnom Penh", "", "Cambodia Development Resource Institute"),
    "ID": ("Ministry of Home Affairs", ("Jakarta Provincial Government", "Makassar City Government", "Banyuwangi Regency Government", "Ministry of Public Works"), "Institut Teknologi Bandung", "Antara News Agency", "Centre for Strategic and International Studies"),
    "LA": ("Ministry of Public Works and Transport", ("Vientiane Capital Administration", "Luang Prabang Provincial Administration"), "National University of Laos", "", ""),
    "MY": ("Kementerian Pembangunan Kerajaan Tempatan", ("Dewan Bandaraya Kuala Lumpur", "Perbadanan Putrajaya", "Majlis Bandaraya Johor Bahru", "Dewan Bandaraya Kuching Utara", "PLANMalaysia"), "Universiti Teknologi Malaysia", "Bernama", "Think City"),
    "MM": ("Ministry of Construction", ("Nay Pyi Taw Development Committee", "Yangon City Development Committee", "Mandalay City Development Committee"), "Yangon Technological University", "", ""),
    "PH": ("Department of the Interior and Local Government", ("City Government of Manila", "Cebu City Government", "Davao City Government"), "University of the Philippines Diliman", "Philippine News Agency", ""),
    "SG": ("Ministry of National Development", ("Smart Nation and Digital Government Office", "Urban Redevelopment Authority", "Centre for Liveable Cities"), "National University of Singapore", "Mediacorp", ""),
    "TH": ("Ministry of Digital Economy and Society", ("Bangkok Metropolitan Administration", "Digital Economy Promotion Agency", "Phuket City Municipality"), "Chulalongkorn University", "Thai PBS", "Thailand Development Research Institute"),
    "TL": ("Ministry of State Administration", ("Dili Municipal Authority",), "Universidade Nacional Timor Lorosa'e", "", ""),
    "VN": ("Ministry of Construction", ("Hanoi People's Committee", "Ho Chi Minh City People's Committee", "Da Nang People's Committee"), "Vietnam National University, Hanoi", "Vietnam News Agency", ""),
}

# code: (index in DELEGATE_NAMES, protocol rank, position). A minister heads a few delegations.
HEADS = {
    "BN": (5, "head_of_delegation", "Permanent Secretary (Planning, Land and Infrastructure)"),
    "KH": (25, "head_of_delegation", "Secretary of State"),
    "ID": (10, "head_of_delegation", "Director-General of Regional Development"),
    "LA": (4, "head_of_delegation", "Vice Minister"),
    "MY": (4, "minister", "Menteri Pembangunan Kerajaan Tempatan"),
    "MM": (6, "head_of_delegation", "Deputy Minister"),
    "PH": (4, "head_of_delegation", "Undersecretary for Local Government"),
    "SG": (18, "minister", "Senior Minister of State for National Development"),
    "TH": (7, "minister", "Minister of Digital Economy and Society"),
    "TL": (4, "minister", "Minister of State Administration"),
    "VN": (4, "head_of_delegation", "Vice Minister of Construction"),
}

POSITIONS = {
    "en": {
        "focal": ("National Focal Point, ASEAN Smart Cities Network",),
        "senior": ("Deputy Secretary-General (Planning)", "Director, Smart City Division", "Director-General, Urban Development Department", "Chief Information Officer", "Deputy Director, Urban Planning Department"),
        "delegate": ("Senior Assistant Secretary, International Cooperation", "Principal Assistant Director, Smart City Unit", "Urban Planner", "Assistant Director, Digital Services", "Research Officer", "Engineer, Infrastructure Planning", "Smart City Project Manager", "Policy Analyst, Urban Mobility", "Data Analyst, City Operations Centre", "Assistant Secretary, ASEAN Affairs"),
        "support": ("Protocol Officer", "Personal Assistant to the Head of Delegation", "Liaison Officer"),
        "speaker": ("Professor of Urban Planning", "Professor, Faculty of Built Environment", "Professor of Civil Engineering"),
        "observer": ("Research Fellow", "Senior Researcher, Urban Innovation"),
        "media": ("Journalist", "Photojournalist", "Correspondent"),
    },
    "ms": {
        "focal": ("Pegawai Penyelaras Kebangsaan, Rangkaian Bandar Pintar ASEAN",),
        "senior": ("Timbalan Ketua Setiausaha (Perancangan)", "Pengarah, Bahagian Bandar Pintar", "Timbalan Pengarah, Jabatan Perancangan Bandar", "Ketua Pegawai Maklumat"),
        "delegate": ("Ketua Penolong Setiausaha, Bahagian Hubungan Antarabangsa", "Penolong Pengarah Kanan, Unit Bandar Pintar", "Perancang Bandar", "Jurutera, Bahagian Infrastruktur", "Pegawai Teknologi Maklumat", "Pengurus Projek Bandar Pintar", "Penolong Setiausaha, Bahagian Dasar"),
        "support": ("Pegawai Protokol", "Setiausaha Sulit kepada Menteri", "Pegawai Perhubungan"),
        "speaker": ("Profesor Perancangan Bandar", "Profesor, Fakulti Alam Bina"),
        "observer": ("Felo Penyelidik",),
        "media": ("Wartawan", "Jurufoto"),
    },
}

# Partner countries and organisations: (code, honorific, given, family, badge name, position, organisation, category, status)
PARTNERS = [
    ("AU", "Ms", "Sarah", "Mitchell", "Sarah Mitchell", "Counsellor (Development), Australian High Commission Kuala Lumpur", "Department of Foreign Affairs and Trade", "partner", "approved"),
    ("CN", "Mr", "Lei", "Wang", "王磊", "Deputy Director-General, Department of Urban Construction", "Ministry of Housing and Urban-Rural Development", "partner", "approved"),
    ("JP", "Mr", "Kenji", "Sato", "Kenji Sato", "Director, Office for International Urban Development", "Ministry of Land, Infrastructure, Transport and Tourism", "partner", "approved"),
    ("KR", "Dr", "Min-jun", "Kim", "Kim Min-jun", "Senior Research Fellow, Smart City Research Center", "Korea Research Institute for Human Settlements", "speaker", "approved"),
    ("GB", "Mr", "James", "Whitfield", "James Whitfield", "Head of Prosperity Programmes, British High Commission Kuala Lumpur", "Foreign, Commonwealth and Development Office", "partner", "pending"),
    ("FR", "Ms", "Camille", "Durand", "Camille Durand", "Attachée for Sustainable Cities, Embassy of France in Malaysia", "Ministry for Europe and Foreign Affairs", "observer", "approved"),
    ("US", "Ms", "Emily", "Carter", "Emily Carter", "Smart Cities Program Manager", "U.S. Department of State", "partner", "cancelled"),
    ("ASEC", "Dr", "Rina", "Setiawati", "Rina Setiawati", "Head, Sustainable Development Division", "ASEAN Secretariat", "partner", "approved"),
    ("ADB", "Mr", "Arjun", "Mehta", "Arjun Mehta", "Principal Urban Development Specialist", "Asian Development Bank", "speaker", "approved"),
    ("UNHABITAT", "Ms", "Ana Lucía", "Fernández", "Ana Lucía Fernández", "Programme Management Officer, Regional Office for Asia and the Pacific", "UN-Habitat", "partner", "pending"),
    ("GIZ", "Dr", "Katharina", "Müller", "Katharina Müller", "Head of Programme, Smart and Sustainable Cities", "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)", "partner", "approved"),
    ("JICA", "Mr", "Takeshi", "Yamamoto", "Takeshi Yamamoto", "Senior Advisor, Urban and Regional Development", "Japan International Cooperation Agency", "partner", "rejected"),
]
# fmt: on
# Organisations have no dialling code of their own: their numbers are from their seat.
SEAT_REGION = {
    "ASEC": "ID",
    "ADB": "PH",
    "WBG": "US",
    "UNHABITAT": "JP",
    "UNESCAP": "TH",
    "GIZ": "DE",
    "JICA": "JP",
    "KOICA": "KR",
}

REJECTION_REASONS = (
    "Not on the delegation list confirmed by the national focal point.",
    "Registered twice: the registration under the official email address is kept.",
    "The delegation's places were confirmed before this registration arrived; the focal point may ask for a replacement.",
)
CANCELLATION_REASONS = (
    "Withdrawn by the focal point: unable to travel on the meeting dates.",
    "Replaced by a colleague from the same ministry.",
    "",
)
ACCESSIBILITY = {
    ("MY", 20): "Wheelchair user: step-free access at the venue and on the site visits, please.",
    ("PH", 22): "Hard of hearing: a seat near the front and captions on the screens where possible.",
}
# Name parts that make a halal meal likely: the demo asks some of them for it.
ROLE_CATEGORY = {"head": "head_of_delegation", "speaker": "speaker", "observer": "observer", "media": "media"}
ROLE_RANK = {
    "focal": "senior_official",
    "senior": "senior_official",
    "speaker": "senior_official",
    "support": "support_staff",
}
MUSLIM_NAME_PARTS = {
    "bin",
    "binti",
    "binte",
    "muhammad",
    "mohd",
    "mohamed",
    "mohammad",
    "siti",
    "nur",
    "haji",
    "hajah",
    "syed",
    "teuku",
}
