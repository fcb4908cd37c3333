// Terms counted in months, without the holiday tables: the console bundles this module.

/**
 * The same day of the month `months` months after `fromYmd`, or that month's last day when it has no
 * such day (Ley 4 de 1913, art. 59): where a term of months ends before art. 62 carries it off a rest day.
 */
export function monthsOn(fromYmd: string, months: number): string {
  const [y, m, d] = fromYmd.split('-').map(Number)
  const month = new Date(Date.UTC(y, m - 1 + months, 1))
  const last = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).getUTCDate()
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), Math.min(d, last)))
    .toISOString()
    .slice(0, 10)
}

/**
 * The months given to complete a petition returned to its petitioner (Ley 1755, art. 17): one, or two
 * once extended. Told apart by the same-day dates, which no rest day moves: a month's end carried to the
 * next business day stays weeks before the second month's.
 */
export const completionMonths = (requestedOn: string, deadline: string): 1 | 2 =>
  deadline >= monthsOn(requestedOn, 2) ? 2 : 1
