"""Web forms (Flask-WTF: every form carries a CSRF token). Messages are Dutch."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from .vocabulary import DUTCH_MONTHS, NARRATOR_ROLES, ORGANISATION_TYPES

TEXT_MIN, TEXT_MAX = 200, 10_000


def choices(pairs, empty: str | None = None) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects rather than (value, label) tuples."""
    options = [SelectChoice("", empty)] if empty is not None else []
    return options + [SelectChoice(value, label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class YearField(IntegerField):
    """An integer field whose parse error speaks Dutch (WTForms' own is English)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Vul het jaar in als getal, bijvoorbeeld 2024.") from None


class ShareStoryForm(FlaskForm):
    title = StringField("Titel van uw verhaal", validators=[
        DataRequired("Geef uw verhaal een titel."), Length(max=200, message="De titel mag hoogstens 200 tekens zijn.")])
    narrator_role = SelectField("Uw rol", choices=choices(NARRATOR_ROLES.items(), "Kies uw rol"),
                                validators=[DataRequired("Kies de rol waarin u dit meemaakte.")])
    narrator_role_other = StringField("Welke rol?", validators=[
        Optional(), Length(max=120, message="Houd de rol kort: hoogstens 120 tekens.")])
    organisation_type = SelectField("Soort organisatie", choices=choices(ORGANISATION_TYPES.items(), "Zeg ik liever niet"),
                                    validators=[Optional()])
    month = SelectField("Maand", choices=choices(((str(n), m) for n, m in enumerate(DUTCH_MONTHS, 1)), "Maand"),
                        validators=[DataRequired("Kies de maand.")])
    year = YearField("Jaar", validators=[InputRequired("Vul het jaar in, bijvoorbeeld 2024.")])
    text = TextAreaField("Uw verhaal", validators=[
        DataRequired("Vertel hier uw verhaal."),
        Length(min=TEXT_MIN, max=TEXT_MAX,
               message=f"Uw verhaal moet tussen {TEXT_MIN} en {TEXT_MAX:,} tekens lang zijn.".replace(",", "."))])
    places = CheckboxesField("Bij welke plaatsen op de kaart past uw verhaal, denkt u? (niet verplicht)",
                             choices=[], validators=[Optional()])
    consent = BooleanField("Ik geef toestemming om dit verhaal, zonder namen en andere persoonsgegevens, "
                           "te laten lezen door een adviseur en, na goedkeuring, te publiceren.",
                           validators=[DataRequired("Zonder uw toestemming kunnen we het verhaal niet gebruiken.")])
    website = StringField("Laat dit veld leeg")  # honeypot: people never see it, bots fill it in
    fingerprint = HiddenField()
    names = HiddenField()  # words the teller chose to replace in the preview, "|"-separated; never stored
    preview = SubmitField("Bekijk hoe het wordt gepubliceerd")
    edit = SubmitField("Aanpassen")
    confirm = SubmitField("Verstuur mijn verhaal")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Not an inline validator: Optional() would stop the chain before it on an empty field.
        if self.narrator_role.data == "anders" and not (self.narrator_role_other.data or "").strip():
            self.narrator_role_other.errors = [*self.narrator_role_other.errors, "Vul in welke rol u had."]
            valid = False
        return valid

    def validate_year(self, field):
        today = date.today()
        if field.data is None:
            return
        if not 2000 <= field.data <= today.year:
            raise ValidationError(f"Kies een jaar tussen 2000 en {today.year}.")
        if field.data == today.year and self.month.data and int(self.month.data) > today.month:
            raise ValidationError("Deze maand ligt nog in de toekomst.")


class LoginForm(FlaskForm):
    email = EmailField("E-mailadres", validators=[DataRequired("Vul uw e-mailadres in."), Length(max=200)])
    password = PasswordField("Wachtwoord", validators=[DataRequired("Vul uw wachtwoord in.")])
    submit = SubmitField("Inloggen")


class WithdrawForm(FlaskForm):
    """/intrekken: the two codes from the receipt, and a deliberate yes."""

    reference = StringField("Referentiecode", validators=[
        DataRequired("Vul de referentiecode in, bijvoorbeeld SB-7KQ2MX."), Length(max=40, message="Die code is te lang.")])
    secret = StringField("Geheime code", validators=[
        DataRequired("Vul de geheime code in die op uw ontvangstbewijs stond."),
        Length(max=60, message="Die code is te lang.")])
    confirm = BooleanField("Ik begrijp dat mijn verhaal dan van de site verdwijnt en dat de tekst voorgoed wordt gewist.",
                           validators=[DataRequired("Vink aan dat u uw verhaal wilt intrekken.")])
    submit = SubmitField("Trek mijn verhaal in")
