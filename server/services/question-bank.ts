import type { FormDefinition, FormOption, FormQuestion } from '../../db/schema'

/**
 * The evaluation survey of DOMAIN.md, in Spanish, with its stable question ids and stable option values
 * (so that events and years can be compared). English labels are for English-speaking staff only.
 */
export const EVALUATION_KEY = 'evaluacion'
export const PREFER_NOT = 'prefiero_no_responder'

type Opt = [value: string, label: string, labelEn: string, extra?: Partial<FormOption>]
const opts = (list: Opt[]): FormOption[] =>
  list.map(([value, label, labelEn, extra]) => ({ value, label, labelEn, ...extra }))
const preferNot: Opt = [PREFER_NOT, 'Prefiero no responder', 'Prefer not to say', { exclusive: true }]
export const yesNo: Opt[] = [
  ['si', 'Sí', 'Yes'],
  ['no', 'No', 'No'],
]

const q = (
  id: string,
  type: FormQuestion['type'],
  label: string,
  labelEn: string,
  options?: Opt[],
  extra: Partial<FormQuestion> = {},
): FormQuestion => ({
  id,
  type,
  label,
  labelEn,
  required: false,
  sensitive: false,
  ...(options ? { options: opts(options) } : {}),
  ...extra,
})
const required = { required: true }

export const genderOptions: Opt[] = [
  ['mujer', 'Mujer', 'Woman'],
  ['hombre', 'Hombre', 'Man'],
  ['no_binario', 'No binario / otra identidad', 'Non-binary / other identity'],
  preferNot,
]
export const ageOptions: Opt[] = [
  ['menos_18', 'Menos de 18', 'Under 18'],
  ['18_28', '18 a 28', '18 to 28'],
  ['29_40', '29 a 40', '29 to 40'],
  ['41_59', '41 a 59', '41 to 59'],
  ['60_mas', '60 o más', '60 or over'],
  preferNot,
]
export const occupationOptions: Opt[] = [
  ['empleado', 'Empleado(a)', 'Employee'],
  ['contratista', 'Contratista / prestador(a) de servicios', 'Contractor'],
  ['independiente', 'Independiente', 'Self-employed'],
  ['servidor_publico', 'Servidor(a) público(a)', 'Public servant'],
  ['estudiante', 'Estudiante', 'Student'],
  ['hogar', 'Hogar', 'Homemaker'],
  ['desempleado', 'Desempleado(a)', 'Unemployed'],
  ['pensionado', 'Pensionado(a)', 'Retired'],
  ['otra', 'Otra', 'Other', { other: true }],
]
export const educationOptions: Opt[] = [
  ['ninguno', 'Ninguno', 'None'],
  ['primaria', 'Primaria', 'Primary'],
  ['secundaria', 'Secundaria', 'Secondary'],
  ['tecnico', 'Técnico', 'Technical'],
  ['tecnologo', 'Tecnólogo', 'Technologist'],
  ['profesional', 'Profesional', "Bachelor's degree"],
  ['especializacion', 'Especialización', 'Specialisation'],
  ['maestria', 'Maestría', "Master's degree"],
  ['doctorado', 'Doctorado', 'Doctorate'],
]
/**
 * Population groups (enfoque diferencial), Colombia's: its ethnic groups (DANE) and the groups its
 * differential approach names (victims of the armed conflict among them).
 */
export const colombiaGroups: Opt[] = [
  ['indigena', 'Indígena', 'Indigenous'],
  ['afro', 'Negro, afrocolombiano, raizal o palenquero', 'Black, Afro-Colombian, Raizal or Palenquero'],
  ['rrom', 'Rrom', 'Roma'],
  ['victima', 'Víctima del conflicto armado', 'Victim of the armed conflict'],
  ['discapacidad', 'Persona con discapacidad', 'Person with a disability'],
  ['lgbtiq', 'LGBTIQ+', 'LGBTIQ+'],
  ['campesino', 'Campesino(a)', 'Peasant farmer'],
  ['migrante', 'Migrante', 'Migrant'],
  ['otro', 'Otro', 'Other', { other: true }],
  ['ninguno', 'Ninguno / no sabe', "None / don't know", { exclusive: true }],
  preferNot,
]
const [montubio, mestizo, blanco]: Opt[] = [
  ['montubio', 'Montubio(a)', 'Montubio'],
  ['mestizo', 'Mestizo(a)', 'Mestizo'],
  ['blanco', 'Blanco(a)', 'White'],
]
/**
 * Ecuador's: the self-identification of its 2022 census (indígena, afroecuatoriano, negro and mulato
 * counted together as Afro-Ecuadorians, montubio, mestizo, blanco) and the groups its priority-attention
 * and human-mobility laws name. A group that means the same in both countries keeps its key (`indigena`,
 * `afro`, `discapacidad`…), so figures of events in either country add up and compare; Colombia's own
 * (Rrom, victims of its armed conflict) are not offered.
 */
export const ecuadorGroups: Opt[] = [
  ['indigena', 'Indígena', 'Indigenous'],
  [
    'afro',
    'Afroecuatoriano(a), afrodescendiente, negro(a) o mulato(a)',
    'Afro-Ecuadorian, Afro-descendant, Black or Mulatto',
  ],
  montubio,
  mestizo,
  blanco,
  ['discapacidad', 'Persona con discapacidad', 'Person with a disability'],
  ['lgbtiq', 'LGBTIQ+', 'LGBTIQ+'],
  ['campesino', 'Campesino(a)', 'Peasant farmer'],
  [
    'migrante',
    'Persona en movilidad humana (migrante o refugiada)',
    'Person in human mobility (migrant or refugee)',
  ],
  ...colombiaGroups.slice(-3),
]
/** The groups an event of `country` offers. */
export const populationGroupsOf = (country: 'CO' | 'EC' = 'CO') =>
  country === 'EC' ? ecuadorGroups : colombiaGroups
/**
 * Every group of either country: what a registration may carry, and the rows of the breakdowns (an
 * Ecuadorian group after Colombia's, labelled as Colombia's where both share a key).
 */
export const populationOptions: Opt[] = [
  ...colombiaGroups.slice(0, -3),
  montubio,
  mestizo,
  blanco,
  ...colombiaGroups.slice(-3),
]
export const channelOptions: Opt[] = [
  ['redes_sociales', 'Redes sociales', 'Social media'],
  ['pagina_web', 'Página web', 'Website'],
  ['correo', 'Correo electrónico', 'E-mail'],
  ['invitacion_directa', 'Invitación directa', 'Direct invitation'],
  ['reunion_lideres', 'Reunión con líderes', 'Meeting with community leaders'],
  ['voz_a_voz', 'Voz a voz', 'Word of mouth'],
  ['medios', 'Prensa, radio o TV', 'Press, radio or TV'],
  ['otro', 'Otro', 'Other', { other: true }],
]

/** The survey of an event of `country`: its population groups are that country's. */
export function evaluationForm(country: 'CO' | 'EC' = 'CO'): FormDefinition {
  return {
    title: 'Encuesta de evaluación de la rendición de cuentas',
    titleEn: 'Accountability event evaluation survey',
    description:
      'Sus respuestas son anónimas: no se vinculan con su registro de asistencia. Las preguntas de caracterización son opcionales.',
    descriptionEn:
      'Your answers are anonymous: they are not linked to your attendance registration. The profile questions are optional.',
    questions: [
      q('genero', 'single', 'Género', 'Gender', genderOptions),
      q('rango_edad', 'single', 'Rango de edad', 'Age range', ageOptions),
      q('ocupacion', 'single', 'Ocupación', 'Occupation', occupationOptions),
      q('nivel_educativo', 'single', 'Nivel de escolaridad', 'Education level', educationOptions),
      q(
        'grupo_poblacional',
        'multi',
        '¿Grupo poblacional, comunitario o social al que pertenece?',
        'Population, community or social group you belong to',
        populationGroupsOf(country),
        {
          sensitive: true,
          help: 'Dato sensible: responder es opcional.',
          helpEn: 'Sensitive data: answering is optional.',
        },
      ),
      q(
        'medio_enterado',
        'multi',
        '¿A través de qué medio se enteró de la actividad?',
        'How did you hear about the event?',
        channelOptions,
      ),
      q(
        'explicacion_procedimiento',
        'single',
        'La explicación sobre el procedimiento de las intervenciones fue',
        'The explanation of how to take part was',
        [
          ['clara', 'Clara', 'Clear'],
          ['confusa', 'Confusa', 'Confusing'],
        ],
        required,
      ),
      q(
        'oportunidad_opinar',
        'single',
        'La oportunidad para que los asistentes opinaran fue',
        'The opportunity for attendees to give their opinion was',
        [
          ['adecuada', 'Adecuada', 'Adequate'],
          ['inadecuada', 'Inadecuada', 'Inadequate'],
        ],
        required,
      ),
      q(
        'tiempo_exposicion',
        'single',
        'El tiempo de exposición del informe de gestión fue',
        'The time given to presenting the management report was',
        [
          ['adecuado', 'Adecuado', 'Adequate'],
          ['insuficiente', 'Insuficiente', 'Too short'],
          ['excesivo', 'Excesivo', 'Too long'],
        ],
        required,
      ),
      q(
        'responde_intereses',
        'single',
        '¿La información presentada respondió a sus intereses?',
        'Did the information presented answer your interests?',
        [['si', 'Sí', 'Yes'], ['parcialmente', 'Parcialmente', 'Partly'], yesNo[1]],
        required,
      ),
      q(
        'muestra_resultados',
        'single',
        '¿La actividad dio a conocer los resultados de la gestión?',
        'Did the event make the results of the administration known?',
        yesNo,
        required,
      ),
      q(
        'calificacion_gestion',
        'single',
        'De acuerdo con la información presentada, ¿cómo califica la gestión?',
        'Based on the information presented, how do you rate the administration?',
        [
          ['excelente', 'Excelente', 'Excellent'],
          ['buena', 'Buena', 'Good'],
          ['regular', 'Regular', 'Fair'],
          ['mala', 'Mala', 'Poor'],
        ],
        required,
      ),
      q(
        'volveria_participar',
        'single',
        '¿Volvería a participar en otra actividad de rendición de cuentas?',
        'Would you take part in another accountability event?',
        yesNo,
        required,
      ),
      q(
        'temas_proximo',
        'long_text',
        'Temas que le gustaría que se trataran en la próxima rendición de cuentas',
        'Topics you would like the next accountability event to cover',
        undefined,
        { maxLength: 2000 },
      ),
      q('comentarios', 'long_text', 'Observaciones o sugerencias', 'Remarks or suggestions', undefined, {
        maxLength: 2000,
      }),
    ],
  }
}

/** Label of an option value of a bank question, for attendance breakdowns and exports. */
export function bankLabel(list: Opt[], value: string, lang: 'es' | 'en' = 'es'): string {
  const found = list.find(([v]) => v === value)
  return found ? (lang === 'en' ? found[2] : found[1]) : value
}
export const optionValues = (list: Opt[]) => list.map(([v]) => v) as [string, ...string[]]
