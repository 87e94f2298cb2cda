"""The OpenAPI 3.1 description of the programme API, served at /api/programme/openapi.json."""

from ascn.ids import MAX_ID

BILINGUAL = {
    "type": "object",
    "properties": {"en": {"type": "string"}, "ms": {"type": "string"}},
    "required": ["en", "ms"],
}
# Ids as the API accepts them (ascn.ids.parse_id, PostgreSQL's integer): larger or other
# values answer a documented 400 or 404.
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
# Path keys start with "/" (a key may not be empty), so the server is the API root and
# every path names the programme.
PREFIX = "/programme"


def _list(name: str, item: str) -> dict:
    return {
        "type": "object",
        "properties": {
            "release": ID,
            "published_at": {"type": "string", "format": "date-time"},
            name: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        },
    }


def _get(summary: str, schema: str, parameters=()) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": [{"$ref": "#/components/parameters/IfNoneMatch"}, *parameters],
            "responses": {
                "200": {
                    "description": "The published programme data.",
                    "headers": {
                        "ETag": {"schema": {"type": "string"}},
                        "Last-Modified": {"schema": {"type": "string"}},
                    },
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                },
                "304": {"description": "Not modified since the ETag or date the client sent."},
                "400": {"$ref": "#/components/responses/Error"},
                "404": {"$ref": "#/components/responses/Error"},
            },
        }
    }


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def document(api_root: str) -> dict:
    """The document for an API served under `api_root` (e.g. https://host/api)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ASCN programme API",
            "version": "1.0",
            "description": "The published programme, read-only, in English and Malay. Times are ISO 8601 "
            "with their offset; the event's time zone is in `event.timezone`. Poll with If-None-Match: "
            "an unchanged programme answers 304.",
        },
        "servers": [{"url": api_root}],
        "paths": {
            PREFIX: _get("The whole published programme", "Programme"),
            PREFIX + "/sessions": _get(
                "Published sessions, filtered",
                "SessionList",
                [
                    _query(
                        "day",
                        "A day of the event, YYYY-MM-DD (event time zone).",
                        {"type": "string", "format": "date"},
                    ),
                    _query("type", "Session type id.", ID),
                    _query("track", "Track id.", ID),
                    _query("room", "Room id.", ID),
                    _query(
                        "q",
                        "Words to find in titles, descriptions and speakers' names.",
                        {"type": "string", "maxLength": 100},
                    ),
                ],
            ),
            PREFIX + "/sessions/{session_id}": _get(
                "One published session",
                "SessionDetail",
                [{"name": "session_id", "in": "path", "required": True, "schema": ID}],
            ),
            PREFIX + "/speakers": _get("Speakers, moderators and chairs", "SpeakerList"),
            PREFIX + "/rooms": _get("Rooms", "RoomList"),
        },
        "components": {
            "parameters": {
                "IfNoneMatch": {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string"},
                },
            },
            "responses": {
                "Error": {
                    "description": "A bad parameter, or nothing published.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "error": {"type": "string"},
                                    "parameter": {"type": "string"},
                                    "message": {"type": "string"},
                                },
                                "required": ["error", "message"],
                            }
                        }
                    },
                },
            },
            "schemas": {
                "Bilingual": BILINGUAL,
                "Room": {
                    "type": "object",
                    "properties": {
                        "id": ID,
                        "name": {"$ref": "#/components/schemas/Bilingual"},
                        "floor": {"$ref": "#/components/schemas/Bilingual"},
                        "capacity": {"type": ["integer", "null"]},
                    },
                },
                "SessionType": {
                    "type": "object",
                    "properties": {
                        "id": ID,
                        "code": {"type": "string"},
                        "label": {"$ref": "#/components/schemas/Bilingual"},
                        "colour": {"type": "string"},
                    },
                },
                "Track": {
                    "type": "object",
                    "properties": {"id": ID, "name": {"$ref": "#/components/schemas/Bilingual"}},
                },
                "Speaker": {
                    "type": "object",
                    "properties": {
                        "id": ID,
                        "full_name": {"type": "string"},
                        "position": {"$ref": "#/components/schemas/Bilingual"},
                        "organisation": {"$ref": "#/components/schemas/Bilingual"},
                        "biography": {
                            "$ref": "#/components/schemas/Bilingual",
                            "description": "Sanitised HTML.",
                        },
                        "photo": {
                            "type": ["string", "null"],
                            "description": "Photo version; the photo is at /programme/speakers/{id}/photo.",
                        },
                    },
                },
                "Session": {
                    "type": "object",
                    "properties": {
                        "id": ID,
                        "title": {"$ref": "#/components/schemas/Bilingual"},
                        "description": {
                            "$ref": "#/components/schemas/Bilingual",
                            "description": "Sanitised HTML.",
                        },
                        "type_id": ID,
                        "track_id": {"type": ["integer", "null"]},
                        "room_id": {"type": ["integer", "null"]},
                        "starts_at": {"type": "string", "format": "date-time"},
                        "ends_at": {"type": "string", "format": "date-time"},
                        "audience": {"enum": ["everyone", "heads_of_delegation", "ministers", "invitation"]},
                        "status": {"enum": ["scheduled", "cancelled"]},
                        "speakers": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "speaker_id": ID,
                                    "role": {"enum": ["speaker", "moderator", "chair"]},
                                },
                            },
                        },
                        "url": {"type": "string"},
                        "ics": {"type": "string"},
                    },
                },
                "Programme": {
                    "type": "object",
                    "properties": {
                        "release": ID,
                        "published_at": {"type": "string", "format": "date-time"},
                        "event": {"type": "object"},
                        "rooms": {"type": "array", "items": {"$ref": "#/components/schemas/Room"}},
                        "session_types": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/SessionType"},
                        },
                        "tracks": {"type": "array", "items": {"$ref": "#/components/schemas/Track"}},
                        "speakers": {"type": "array", "items": {"$ref": "#/components/schemas/Speaker"}},
                        "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
                    },
                },
                "SessionList": _list("sessions", "Session"),
                "SessionDetail": {
                    "type": "object",
                    "properties": {"release": ID, "session": {"$ref": "#/components/schemas/Session"}},
                },
                "SpeakerList": _list("speakers", "Speaker"),
                "RoomList": _list("rooms", "Room"),
            },
        },
    }
