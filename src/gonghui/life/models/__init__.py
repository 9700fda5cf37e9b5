from .activities import Activity, ActivityPhoto, Signup
from .courses import Course, Enrolment
from .notices import Notice, NoticeAttachment, NoticeMemberRead, NoticeReceipt
from .profiles import UnionProfile
from .surveys import Answer, Participation, Question, Response, Survey

__all__ = [
    "Activity",
    "ActivityPhoto",
    "Answer",
    "Course",
    "Enrolment",
    "Notice",
    "NoticeAttachment",
    "NoticeMemberRead",
    "NoticeReceipt",
    "Participation",
    "Question",
    "Response",
    "Signup",
    "Survey",
    "UnionProfile",
]
